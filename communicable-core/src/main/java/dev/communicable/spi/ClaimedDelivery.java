package dev.communicable.spi;

import dev.communicable.delivery.Delivery;
import java.util.Objects;

/**
 * A delivery returned by {@link DeliveryStore#claim}, and whether the claim took it over from
 * another worker.
 *
 * @param delivery the claimed delivery, SENDING and leased to the claiming worker
 * @param takenOverFrom the worker whose lease ran out while the delivery was SENDING (it may have
 *     died or hung in the middle of a send); null when the delivery was simply QUEUED and due
 */
public record ClaimedDelivery(Delivery delivery, String takenOverFrom) {
  public ClaimedDelivery {
    Objects.requireNonNull(delivery, "delivery");
  }

  /** True when the claim took the delivery over from a worker whose lease ran out. */
  public boolean takenOver() {
    return takenOverFrom != null;
  }
}
