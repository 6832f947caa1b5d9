package dev.communicable.spi;

import dev.communicable.InvalidRequestException;
import dev.communicable.MessageId;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.Message;
import dev.communicable.delivery.StateChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The durable delivery queue and its history. Implementations: in-memory (communicable-core),
 * PostgreSQL and H2 (communicable-jdbc). Every method is tenant-scoped except the queue operations,
 * which serve all tenants. All implementations pass {@code DeliveryStoreContract} in
 * communicable-testkit.
 */
public interface DeliveryStore extends Outbox {

  /**
   * Claims up to {@code limit} deliveries for {@code workerId}: those QUEUED and due at {@code
   * now}, and those SENDING whose lease ran out before {@code now}. Higher priority first, then
   * earliest scheduled. Each claimed delivery is returned SENDING, leased to the worker until
   * {@code now + lease} (its {@link StoredDelivery#lease()}), version incremented, with a timeline
   * entry; one taken over (it was SENDING) has its {@link StoredDelivery#takeovers()} one up. Two
   * workers never claim the same delivery while its lease holds.
   *
   * <p>Each claimed delivery tells whether it was taken over: it was SENDING and the lease of
   * another worker ran out, so that worker may have died or hung in the middle of the send. The
   * store must name that worker in {@link ClaimedDelivery#takenOverFrom()} (and null for a delivery
   * that was simply QUEUED) and count it in {@link StoredDelivery#takeovers()} (kept by every later
   * write, reset when a dead letter is replayed, as {@link StoredDelivery#next} says), because the
   * engine dead-letters a delivery taken over too often: one that kills or hangs every worker
   * sending it is not sent again forever. A take-over costs no attempt, since the worker may never
   * have tried the delivery. A delivery its worker handed back (written QUEUED again) is not a
   * take-over.
   *
   * @return the claimed deliveries, higher priority first, then earliest scheduled; empty when
   *     nothing is due
   * @throws InvalidRequestException when {@code workerId} is blank, {@code limit} is below 1,
   *     {@code now} is null or {@code lease} is not positive
   */
  List<ClaimedDelivery> claim(String workerId, int limit, Instant now, Duration lease);

  /**
   * Writes {@code update} if the delivery's stored version is still {@code
   * update.expectedVersion()} (and, when given, the lease owner matches): the new delivery at the
   * next version, its lease kept only while it is SENDING ({@link StoredDelivery#next}), and its
   * follow-ups at version 0 without a lease.
   *
   * @return false, writing nothing, when another writer got there first
   */
  boolean update(DeliveryUpdate update);

  /** The most updates one {@link #updateAll} call takes: a claimed batch's worth. */
  int MAX_UPDATES_PER_CALL = 10_000;

  /**
   * Writes a worker's batch of updates in one go. Each update is guarded on its own, exactly as
   * {@link #update} guards it: one that lost its race (version moved on, lease lost) is skipped and
   * writes nothing, neither its delivery nor its attempt, timeline entry or follow-ups, while the
   * others are still written. The winners are written together, all or nothing (one transaction in
   * a database): when this throws, nothing of the batch was written. Updates are applied in list
   * order, so a later update of the same delivery is guarded by the version an earlier one in the
   * list wrote.
   *
   * <p>Calling {@link #update} once per element does not keep that promise (a failure half way
   * leaves the first winners written), so a store writes the batch in one transaction of its own.
   *
   * @param updates at most {@link #MAX_UPDATES_PER_CALL}, none null
   * @return for each update, in order, whether it was written (false: it lost its race)
   * @throws InvalidRequestException when {@code updates} is null, holds a null or more than {@link
   *     #MAX_UPDATES_PER_CALL} elements, before anything is written ({@link
   *     dev.communicable.Arguments#noNulls(String, java.util.Collection, int)} makes that check)
   */
  List<Boolean> updateAll(List<DeliveryUpdate> updates);

  /** The delivery as stored, if it exists in this tenant. */
  Optional<StoredDelivery> find(String tenantId, DeliveryId id);

  /** The delivery a provider knows by {@code providerMessageId}, for receipt callbacks. */
  Optional<StoredDelivery> findByProviderMessageId(String tenantId, String providerMessageId);

  /** The message, if it exists in this tenant. */
  Optional<Message> message(String tenantId, MessageId id);

  /** Every delivery of a message as stored, oldest first. */
  List<StoredDelivery> deliveries(String tenantId, MessageId id);

  /**
   * Every delivery of a message to one recipient, oldest first. The engine asks this when it
   * schedules or cancels escalations and decides fallbacks, once per delivery, so stores holding
   * large messages should override the default (which filters {@link #deliveries(String,
   * MessageId)}) with an indexed lookup.
   */
  default List<StoredDelivery> deliveries(String tenantId, MessageId id, String recipientId) {
    return deliveries(tenantId, id).stream()
        .filter(d -> d.delivery().recipientId().equals(recipientId))
        .toList();
  }

  /** Every state change of a message's deliveries, in time order. */
  List<StateChange> timeline(String tenantId, MessageId id);

  /** Every attempt of a delivery, in order. */
  List<DeliveryAttempt> attempts(String tenantId, DeliveryId id);

  /**
   * Dead-lettered deliveries of a tenant, oldest first, at most {@code limit}, starting after
   * {@code after} (null for the first page).
   */
  List<StoredDelivery> deadLetters(String tenantId, @Nullable DeliveryId after, int limit);

  /**
   * Deletes finished deliveries (terminal, last changed before {@code before}) with their attempts
   * and timeline, and messages left with no deliveries, at most {@code batchSize} deliveries per
   * call.
   *
   * @return how many deliveries were removed; call again while it returns {@code batchSize}
   */
  int purge(Instant before, int batchSize);

  /**
   * Registers a callback run when new work may be due (after an enqueue on this or, where the store
   * can tell, another node), so idle workers wake without polling hard. The default never calls it;
   * workers then rely on polling.
   *
   * @return a handle that unregisters the callback
   */
  default AutoCloseable onWorkAvailable(Runnable callback) {
    return () -> {};
  }
}
