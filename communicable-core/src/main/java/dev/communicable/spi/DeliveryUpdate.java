package dev.communicable.spi;

import dev.communicable.Arguments;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.StateChange;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One guarded write after a delivery moved: the delivery's new value, the attempt that caused it
 * (if any), its timeline entry, and any deliveries it gives rise to (a fallback step, an
 * escalation), written all or nothing.
 *
 * <p>The store writes it only if the stored version is still {@code expectedVersion} (and, with a
 * {@code leaseOwner}, that worker still holds the lease). It then holds the new delivery at version
 * {@code expectedVersion + 1}, with its lease kept while the new state is SENDING and cleared
 * otherwise ({@link StoredDelivery#next}); the follow-ups at version 0 without a lease.
 *
 * @param delivery the new value
 * @param expectedVersion the version the writer read; the write happens only if it is current
 * @param leaseOwner when not null, the write also requires that this worker still holds the lease
 * @param attempt the attempt to record, or null
 * @param change the timeline entry
 * @param followUps new deliveries to insert (fallback, escalation), possibly empty
 */
public record DeliveryUpdate(
    Delivery delivery,
    long expectedVersion,
    @Nullable String leaseOwner,
    @Nullable DeliveryAttempt attempt,
    StateChange change,
    List<Delivery> followUps) {

  /**
   * @throws dev.communicable.InvalidRequestException when a required component is null, {@code
   *     expectedVersion} is negative or {@code followUps} holds null
   */
  public DeliveryUpdate {
    Arguments.notNull("delivery", delivery);
    Arguments.check(
        expectedVersion >= 0, "expectedVersion", "must not be negative, was " + expectedVersion);
    Arguments.notNull("change", change);
    followUps = Arguments.noNulls("followUps", followUps);
  }

  /**
   * The write that moves {@code before}, as read from the store, to {@code after}, guarded by its
   * version and, when {@code leaseOwner} is not null, by that worker's lease.
   */
  public static DeliveryUpdate of(
      StoredDelivery before,
      Delivery after,
      @Nullable String leaseOwner,
      @Nullable DeliveryAttempt attempt,
      @Nullable String detail,
      List<Delivery> followUps) {
    return new DeliveryUpdate(
        after,
        before.version(),
        leaseOwner,
        attempt,
        StateChange.between(before.delivery(), after, detail),
        followUps);
  }
}
