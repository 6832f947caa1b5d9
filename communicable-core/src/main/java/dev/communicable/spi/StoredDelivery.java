package dev.communicable.spi;

import dev.communicable.Arguments;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.DeliveryState;
import org.jspecify.annotations.Nullable;

/**
 * A delivery as a {@link DeliveryStore} holds it: the delivery, the version that guards every write
 * of it, the lease of the worker sending it, and how many times a claim took it over. Stores return
 * this from the reads that the engine writes after; users see only the {@link Delivery}.
 *
 * <p>A store writes a new delivery (enqueued, or a follow-up of an update) at version 0 without a
 * lease; a claim leases it and moves its version on; every {@link DeliveryUpdate} written moves it
 * on to {@link #next}. A claim that takes a SENDING delivery over (its lease ran out) counts one
 * more take-over; the count is kept by every other write, and reset to 0 when a dead letter is
 * replayed.
 *
 * @param delivery the delivery
 * @param version incremented on every write; a {@link DeliveryUpdate} is written only if the
 *     version it expects is still current
 * @param lease the worker holding it while it is SENDING; null otherwise (and for a SENDING
 *     delivery written without one, which any claim may take over at once)
 * @param takeovers how many times a claim took the delivery over from a worker whose lease ran out
 *     while it was SENDING, since it was created or last replayed; not attempts (a worker may die
 *     before it tries the delivery)
 */
public record StoredDelivery(
    Delivery delivery, long version, @Nullable Lease lease, int takeovers) {
  /**
   * @throws dev.communicable.InvalidRequestException when {@code delivery} is null or {@code
   *     version} or {@code takeovers} is negative
   */
  public StoredDelivery {
    Arguments.notNull("delivery", delivery);
    Arguments.check(version >= 0, "version", "must not be negative, was " + version);
    Arguments.check(takeovers >= 0, "takeovers", "must not be negative, was " + takeovers);
  }

  /** A delivery as first written: version 0, no lease, never taken over. */
  public static StoredDelivery created(Delivery delivery) {
    return new StoredDelivery(delivery, 0, null, 0);
  }

  /** The delivery's id: shorthand for {@code delivery().id()}. */
  public DeliveryId id() {
    return delivery.id();
  }

  /**
   * What a store holds once it wrote {@code after} over this: the version one on, the lease kept
   * only while {@code after} is still SENDING (cleared in any other state), and the take-overs kept
   * unless this is a dead letter being replayed (QUEUED again), which starts them again from 0.
   */
  public StoredDelivery next(Delivery after) {
    Arguments.notNull("after", after);
    return new StoredDelivery(
        after,
        version + 1,
        after.state() == DeliveryState.SENDING ? lease : null,
        replayed(delivery.state(), after.state()) ? 0 : takeovers);
  }

  /**
   * True when a write from {@code from} to {@code to} replays a dead letter, which resets its
   * take-overs.
   */
  public static boolean replayed(DeliveryState from, DeliveryState to) {
    return from == DeliveryState.DEAD_LETTERED && to == DeliveryState.QUEUED;
  }

  /**
   * This delivery as a claim stores it: {@code claimed} (SENDING), the version one on, leased under
   * {@code newLease}, and one take-over more when it was SENDING before (its lease ran out).
   */
  public StoredDelivery claimedBy(Delivery claimed, Lease newLease) {
    Arguments.notNull("claimed", claimed);
    Arguments.notNull("newLease", newLease);
    boolean takenOver = delivery.state() == DeliveryState.SENDING;
    return new StoredDelivery(
        claimed, version + 1, newLease, takenOver ? takeovers + 1 : takeovers);
  }

  /** True when {@code worker} holds the lease. */
  public boolean leasedTo(String worker) {
    return lease != null && lease.owner().equals(worker);
  }
}
