package dev.communicable.spi;

import dev.communicable.Arguments;
import dev.communicable.delivery.Delivery;
import org.jspecify.annotations.Nullable;

/**
 * A delivery returned by {@link DeliveryStore#claim}, and whether the claim took it over from
 * another worker.
 *
 * @param stored the claimed delivery as stored: SENDING, leased to the claiming worker, its version
 *     moved on by the claim
 * @param takenOverFrom the worker whose lease ran out while the delivery was SENDING (it may have
 *     died or hung in the middle of a send); null when the delivery was simply QUEUED and due
 */
public record ClaimedDelivery(StoredDelivery stored, @Nullable String takenOverFrom) {
  public ClaimedDelivery {
    Arguments.notNull("stored", stored);
  }

  /** The claimed delivery: shorthand for {@code stored().delivery()}. */
  public Delivery delivery() {
    return stored.delivery();
  }

  /** True when the claim took the delivery over from a worker whose lease ran out. */
  public boolean takenOver() {
    return takenOverFrom != null;
  }
}
