package dev.communicable.jdbc.internal;

import dev.communicable.Arguments;
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
import org.jspecify.annotations.Nullable;

/**
 * The delivery queue on PostgreSQL or H2. This class checks each call's arguments and hands queue
 * writes to {@link DeliveryQueue} (enqueue, claim, guarded updates, purge, work signals) and
 * history reads to {@link DeliveryHistory}. Workers claim through the database's {@link Claim} (on
 * PostgreSQL one {@code UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED LIMIT ?)
 * RETURNING ...}); every later write is guarded by the version (and lease owner) and checks its row
 * count, so a lost race writes nothing.
 */
public final class JdbcDeliveryStore implements DeliveryStore, AutoCloseable {
  /** The largest page, claim or purge batch a single call may ask for. */
  static final int MAX_LIMIT = 10_000;

  private final DeliveryQueue queue;
  private final DeliveryHistory history;

  public JdbcDeliveryStore(Database db) {
    Arguments.notNull("db", db);
    this.queue = new DeliveryQueue(db);
    this.history = new DeliveryHistory(db);
  }

  /**
   * On PostgreSQL, lets claims and state updates commit without waiting for the WAL flush ({@code
   * synchronous_commit = off} for those transactions only; enqueues always wait). A crash of the
   * database may then forget the last fraction of a second of state changes: a delivery recorded
   * SENT may come back SENDING and be sent again after its lease, which at-least-once delivery
   * allows; nothing accepted is lost.
   */
  public void asynchronousStateCommits(boolean on) {
    queue.asynchronousStateCommits(on);
  }

  @Override
  public List<EnqueueOutcome> enqueue(List<NewMessage> messages) {
    Enqueuer.validate(messages);
    return queue.enqueue(messages);
  }

  @Override
  public List<ClaimedDelivery> claim(String workerId, int limit, Instant now, Duration lease) {
    Arguments.notBlank("workerId", workerId);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    Arguments.notNull("now", now);
    Arguments.positive("lease", lease);
    return queue.claim(workerId, limit, now, lease);
  }

  @Override
  public boolean update(DeliveryUpdate update) {
    Arguments.notNull("update", update);
    return queue.updateAll(List.of(update)).get(0);
  }

  /**
   * One transaction for the whole list (on PostgreSQL, when no delivery appears twice, one {@code
   * UPDATE ... FROM (VALUES ...) RETURNING id} for the guarded updates).
   */
  @Override
  public List<Boolean> updateAll(List<DeliveryUpdate> updates) {
    return queue.updateAll(Arguments.noNulls("updates", updates, MAX_UPDATES_PER_CALL));
  }

  @Override
  public Optional<StoredDelivery> find(String tenantId, DeliveryId id) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notNull("id", id);
    return history.find(tenantId, id);
  }

  @Override
  public Optional<StoredDelivery> findByProviderMessageId(
      String tenantId, String providerMessageId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("providerMessageId", providerMessageId);
    return history.findByProviderMessageId(tenantId, providerMessageId);
  }

  @Override
  public Optional<Message> message(String tenantId, MessageId id) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notNull("id", id);
    return history.message(tenantId, id);
  }

  @Override
  public List<StoredDelivery> deliveries(String tenantId, MessageId id) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notNull("id", id);
    return history.deliveries(tenantId, id);
  }

  @Override
  public List<StoredDelivery> deliveries(String tenantId, MessageId id, String recipientId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notNull("id", id);
    Arguments.notBlank("recipientId", recipientId);
    return history.deliveries(tenantId, id, recipientId);
  }

  @Override
  public List<StateChange> timeline(String tenantId, MessageId id) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notNull("id", id);
    return history.timeline(tenantId, id);
  }

  @Override
  public List<DeliveryAttempt> attempts(String tenantId, DeliveryId id) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notNull("id", id);
    return history.attempts(tenantId, id);
  }

  @Override
  public List<StoredDelivery> deadLetters(String tenantId, @Nullable DeliveryId after, int limit) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    return history.deadLetters(tenantId, after, limit);
  }

  @Override
  public int purge(Instant before, int batchSize) {
    Arguments.notNull("before", before);
    Arguments.between("batchSize", batchSize, 1, MAX_LIMIT);
    DeliveryQueue.Purged purged = queue.purge(before, batchSize);
    history.forget(purged.messageIds());
    return purged.deliveries();
  }

  @Override
  public AutoCloseable onWorkAvailable(Runnable callback) {
    return queue.onWorkAvailable(Arguments.notNull("callback", callback));
  }

  @Override
  public void close() {
    queue.close();
  }
}
