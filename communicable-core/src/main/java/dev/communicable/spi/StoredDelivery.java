package dev.communicable.spi;

import dev.communicable.Arguments;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.DeliveryState;
import org.jspecify.annotations.Nullable;

/**
 * A delivery as a {@link DeliveryStore} holds it: the delivery, the version that guards every write
 * of it, and the lease of the worker sending it. Stores return this from the reads that the engine
 * writes after; users see only the {@link Delivery}.
 *
 * <p>A store writes a new delivery (enqueued, or a follow-up of an update) at version 0 without a
 * lease; a claim leases it and moves its version on; every {@link DeliveryUpdate} written moves it
 * on to {@link #next}.
 *
 * @param delivery the delivery
 * @param version incremented on every write; a {@link DeliveryUpdate} is written only if the
 *     version it expects is still current
 * @param lease the worker holding it while it is SENDING; null otherwise (and for a SENDING
 *     delivery written without one, which any claim may take over at once)
 */
public record StoredDelivery(Delivery delivery, long version, @Nullable Lease lease) {
  /**
   * @throws dev.communicable.InvalidRequestException when {@code delivery} is null or {@code
   *     version} is negative
   */
  public StoredDelivery {
    Arguments.notNull("delivery", delivery);
    Arguments.check(version >= 0, "version", "must not be negative, was " + version);
  }

  /** A delivery as first written: version 0, no lease. */
  public static StoredDelivery created(Delivery delivery) {
    return new StoredDelivery(delivery, 0, null);
  }

  /** The delivery's id: shorthand for {@code delivery().id()}. */
  public DeliveryId id() {
    return delivery.id();
  }

  /**
   * What a store holds once it wrote {@code after} over this: the version one on, and the lease
   * kept only while {@code after} is still SENDING (cleared in any other state).
   */
  public StoredDelivery next(Delivery after) {
    Arguments.notNull("after", after);
    return new StoredDelivery(
        after, version + 1, after.state() == DeliveryState.SENDING ? lease : null);
  }

  /** True when {@code worker} holds the lease. */
  public boolean leasedTo(String worker) {
    return lease != null && lease.owner().equals(worker);
  }
}
