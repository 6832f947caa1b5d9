package dev.communicable.engine;

import dev.communicable.MessageId;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.Message;
import dev.communicable.delivery.StateChange;
import dev.communicable.spi.ClaimedDelivery;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.DeliveryUpdate;
import dev.communicable.spi.EnqueueOutcome;
import dev.communicable.spi.NewMessage;
import dev.communicable.spi.StoredDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A delivery store that passes everything to a real one, remembers every enqueue call and can fail
 * batch writes before or after they are written.
 */
class WatchedDeliveryStore implements DeliveryStore {
  private final DeliveryStore real;
  final List<List<NewMessage>> enqueueCalls = new CopyOnWriteArrayList<>();

  /** The size of each {@link #updateAll} call, in order. */
  final List<Integer> updateAllSizes = new CopyOnWriteArrayList<>();

  /** Failures the next {@link #message} calls throw, one per call. */
  final Queue<RuntimeException> failMessageReads = new ConcurrentLinkedQueue<>();

  /** Failures the next {@link #updateAll} calls throw before writing anything, one per call. */
  final Queue<RuntimeException> failBeforeWriting = new ConcurrentLinkedQueue<>();

  /**
   * Failures the next {@link #updateAll} calls throw after the real store wrote their batch, one
   * per call: a commit that went through while its answer was lost with the connection.
   */
  final Queue<RuntimeException> failAfterWriting = new ConcurrentLinkedQueue<>();

  /** Runs before each update reaches the real store; tests use it to interleave a race. */
  volatile Consumer<DeliveryUpdate> beforeUpdate = u -> {};

  WatchedDeliveryStore(DeliveryStore real) {
    this.real = real;
  }

  @Override
  public List<EnqueueOutcome> enqueue(List<NewMessage> messages) {
    enqueueCalls.add(List.copyOf(messages));
    return real.enqueue(messages);
  }

  @Override
  public List<ClaimedDelivery> claim(String workerId, int limit, Instant now, Duration lease) {
    return real.claim(workerId, limit, now, lease);
  }

  @Override
  public boolean update(DeliveryUpdate update) {
    beforeUpdate.accept(update);
    return real.update(update);
  }

  /**
   * Shows each update of the batch to {@link #beforeUpdate}, in order, then passes the whole batch
   * on, so the real store still writes it in one go.
   */
  @Override
  public List<Boolean> updateAll(List<DeliveryUpdate> updates) {
    updateAllSizes.add(updates.size());
    RuntimeException failure = failBeforeWriting.poll();
    if (failure != null) {
      throw failure;
    }
    updates.forEach(beforeUpdate);
    List<Boolean> written = real.updateAll(updates);
    RuntimeException lostAnswer = failAfterWriting.poll();
    if (lostAnswer != null) {
      throw lostAnswer;
    }
    return written;
  }

  @Override
  public Optional<StoredDelivery> find(String tenantId, DeliveryId id) {
    return real.find(tenantId, id);
  }

  @Override
  public Optional<StoredDelivery> findByProviderMessageId(
      String tenantId, String providerMessageId) {
    return real.findByProviderMessageId(tenantId, providerMessageId);
  }

  @Override
  public Optional<Message> message(String tenantId, MessageId id) {
    RuntimeException failure = failMessageReads.poll();
    if (failure != null) {
      throw failure;
    }
    return real.message(tenantId, id);
  }

  @Override
  public List<StoredDelivery> deliveries(String tenantId, MessageId id) {
    return real.deliveries(tenantId, id);
  }

  @Override
  public List<StoredDelivery> deliveries(String tenantId, MessageId id, String recipientId) {
    return real.deliveries(tenantId, id, recipientId);
  }

  @Override
  public List<StateChange> timeline(String tenantId, MessageId id) {
    return real.timeline(tenantId, id);
  }

  @Override
  public List<DeliveryAttempt> attempts(String tenantId, DeliveryId id) {
    return real.attempts(tenantId, id);
  }

  @Override
  public List<StoredDelivery> deadLetters(String tenantId, @Nullable DeliveryId after, int limit) {
    return real.deadLetters(tenantId, after, limit);
  }

  @Override
  public int purge(Instant before, int batchSize) {
    return real.purge(before, batchSize);
  }

  @Override
  public AutoCloseable onWorkAvailable(Runnable callback) {
    return real.onWorkAvailable(callback);
  }
}
