package dev.communicable.benchmarks.queue;

import dev.communicable.MessageId;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.Message;
import dev.communicable.delivery.StateChange;
import dev.communicable.spi.CampaignStore;
import dev.communicable.spi.ClaimedDelivery;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.DeliveryUpdate;
import dev.communicable.spi.DeviceStore;
import dev.communicable.spi.EnqueueOutcome;
import dev.communicable.spi.InboxStore;
import dev.communicable.spi.NewMessage;
import dev.communicable.spi.PreferenceStore;
import dev.communicable.spi.ScheduleStore;
import dev.communicable.spi.StoredDelivery;
import dev.communicable.spi.Stores;
import dev.communicable.spi.TemplateStore;
import dev.communicable.spi.WorkflowDefinitionStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/** Stores that add up the time spent in each queue operation, to print where time goes. */
final class TimedStores implements Stores {
  final LongAdder claimNanos = new LongAdder();
  final LongAdder claims = new LongAdder();
  final LongAdder updateNanos = new LongAdder();
  final LongAdder updates = new LongAdder();
  final LongAdder updatedDeliveries = new LongAdder();
  final LongAdder readNanos = new LongAdder();
  final LongAdder reads = new LongAdder();
  private final Stores inner;
  private final DeliveryStore deliveries;

  TimedStores(Stores inner) {
    this.inner = inner;
    this.deliveries = new Timed(inner.deliveries());
  }

  void reset() {
    for (LongAdder a :
        List.of(claimNanos, claims, updateNanos, updates, updatedDeliveries, readNanos, reads)) {
      a.reset();
    }
  }

  @Override
  public DeliveryStore deliveries() {
    return deliveries;
  }

  @Override
  public TemplateStore templates() {
    return inner.templates();
  }

  @Override
  public dev.communicable.spi.WorkflowRunStore workflowRuns() {
    return inner.workflowRuns();
  }

  @Override
  public PreferenceStore preferences() {
    return inner.preferences();
  }

  @Override
  public InboxStore inbox() {
    return inner.inbox();
  }

  @Override
  public DeviceStore devices() {
    return inner.devices();
  }

  @Override
  public ScheduleStore schedules() {
    return inner.schedules();
  }

  @Override
  public WorkflowDefinitionStore workflowDefinitions() {
    return inner.workflowDefinitions();
  }

  @Override
  public CampaignStore campaigns() {
    return inner.campaigns();
  }

  private <T> T timed(LongAdder nanos, LongAdder count, Supplier<T> call) {
    long start = System.nanoTime();
    try {
      return call.get();
    } finally {
      nanos.add(System.nanoTime() - start);
      count.increment();
    }
  }

  private final class Timed implements DeliveryStore {
    private final DeliveryStore d;

    Timed(DeliveryStore d) {
      this.d = d;
    }

    @Override
    public List<EnqueueOutcome> enqueue(List<NewMessage> messages) {
      return d.enqueue(messages);
    }

    @Override
    public List<ClaimedDelivery> claim(String workerId, int limit, Instant now, Duration lease) {
      return timed(claimNanos, claims, () -> d.claim(workerId, limit, now, lease));
    }

    @Override
    public boolean update(DeliveryUpdate update) {
      updatedDeliveries.increment();
      return timed(updateNanos, updates, () -> d.update(update));
    }

    @Override
    public List<Boolean> updateAll(List<DeliveryUpdate> batch) {
      updatedDeliveries.add(batch.size());
      return timed(updateNanos, updates, () -> d.updateAll(batch));
    }

    @Override
    public Optional<StoredDelivery> find(String tenantId, DeliveryId id) {
      return timed(readNanos, reads, () -> d.find(tenantId, id));
    }

    @Override
    public Optional<StoredDelivery> findByProviderMessageId(
        String tenantId, String providerMessageId) {
      return timed(readNanos, reads, () -> d.findByProviderMessageId(tenantId, providerMessageId));
    }

    @Override
    public Optional<Message> message(String tenantId, MessageId id) {
      return timed(readNanos, reads, () -> d.message(tenantId, id));
    }

    @Override
    public List<StoredDelivery> deliveries(String tenantId, MessageId id) {
      return timed(readNanos, reads, () -> d.deliveries(tenantId, id));
    }

    @Override
    public List<StoredDelivery> deliveries(String tenantId, MessageId id, String recipientId) {
      return timed(readNanos, reads, () -> d.deliveries(tenantId, id, recipientId));
    }

    @Override
    public List<StateChange> timeline(String tenantId, MessageId id) {
      return d.timeline(tenantId, id);
    }

    @Override
    public List<DeliveryAttempt> attempts(String tenantId, DeliveryId id) {
      return d.attempts(tenantId, id);
    }

    @Override
    public List<StoredDelivery> deadLetters(
        String tenantId, @Nullable DeliveryId after, int limit) {
      return d.deadLetters(tenantId, after, limit);
    }

    @Override
    public int purge(Instant before, int batchSize) {
      return d.purge(before, batchSize);
    }

    @Override
    public AutoCloseable onWorkAvailable(Runnable callback) {
      return d.onWorkAvailable(callback);
    }
  }
}
