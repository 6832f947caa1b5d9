package dev.communicable.spi;

import dev.communicable.MessageId;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.Message;
import dev.communicable.delivery.StateChange;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

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
   * {@code now + lease}, version incremented, with a timeline entry. Two workers never claim the
   * same delivery while its lease holds.
   */
  List<Delivery> claim(String workerId, int limit, Instant now, Duration lease);

  /**
   * As {@link #claim}, telling for each delivery whether it was taken over: it was SENDING and the
   * lease of another worker ran out, so that worker may have died or hung in the middle of the
   * send. The engine counts a take-over as a lost attempt, so that a delivery that kills or hangs
   * every worker sending it is dead-lettered once the policy's attempts are spent instead of
   * looping forever.
   *
   * <p>The default calls {@link #claim} and cannot tell: it reports no take-over. Every store that
   * can claim expired leases should override it (the store knows the previous lease owner when it
   * claims).
   */
  default List<ClaimedDelivery> claimWithTakeovers(
      String workerId, int limit, Instant now, Duration lease) {
    return claim(workerId, limit, now, lease).stream()
        .map(d -> new ClaimedDelivery(d, null))
        .toList();
  }

  /**
   * Writes {@code update} if the delivery's stored version is still {@code
   * update.expectedVersion()} (and, when given, the lease owner matches).
   *
   * @return false, writing nothing, when another writer got there first
   */
  boolean update(DeliveryUpdate update);

  /** The delivery, if it exists in this tenant. */
  Optional<Delivery> find(String tenantId, DeliveryId id);

  /** The delivery a provider knows by {@code providerMessageId}, for receipt callbacks. */
  Optional<Delivery> findByProviderMessageId(String tenantId, String providerMessageId);

  /** The message, if it exists in this tenant. */
  Optional<Message> message(String tenantId, MessageId id);

  /** Every delivery of a message, oldest first. */
  List<Delivery> deliveries(String tenantId, MessageId id);

  /**
   * Every delivery of a message to one recipient, oldest first. The engine asks this when it
   * schedules or cancels escalations and decides fallbacks, once per delivery, so stores holding
   * large messages should override the default (which filters {@link #deliveries(String,
   * MessageId)}) with an indexed lookup.
   */
  default List<Delivery> deliveries(String tenantId, MessageId id, String recipientId) {
    return deliveries(tenantId, id).stream()
        .filter(d -> d.recipientId().equals(recipientId))
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
  List<Delivery> deadLetters(String tenantId, DeliveryId after, int limit);

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
