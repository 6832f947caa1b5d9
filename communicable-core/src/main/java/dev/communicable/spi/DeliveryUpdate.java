package dev.communicable.spi;

import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.StateChange;
import java.util.List;
import java.util.Objects;

/**
 * One guarded write after a delivery moved: the delivery's new value, the attempt that caused it
 * (if any), its timeline entry, and any deliveries it gives rise to (a fallback step, an
 * escalation), written all or nothing.
 *
 * @param delivery the new value; its version is {@code expectedVersion + 1}
 * @param expectedVersion the version the writer read; the write happens only if it is current
 * @param leaseOwner when not null, the write also requires that this worker still holds the lease
 * @param attempt the attempt to record, or null
 * @param change the timeline entry
 * @param followUps new deliveries to insert (fallback, escalation), possibly empty
 */
public record DeliveryUpdate(
    Delivery delivery,
    long expectedVersion,
    String leaseOwner,
    DeliveryAttempt attempt,
    StateChange change,
    List<Delivery> followUps) {

  public DeliveryUpdate {
    Objects.requireNonNull(delivery, "delivery");
    Objects.requireNonNull(change, "change");
    followUps = List.copyOf(Objects.requireNonNull(followUps, "followUps"));
    if (delivery.version() != expectedVersion + 1) {
      throw new IllegalArgumentException(
          "delivery.version must be expectedVersion + 1, was "
              + delivery.version()
              + " with expectedVersion "
              + expectedVersion);
    }
  }
}
