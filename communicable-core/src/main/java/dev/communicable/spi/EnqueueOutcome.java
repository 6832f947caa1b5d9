package dev.communicable.spi;

import dev.communicable.MessageId;
import dev.communicable.delivery.DeliveryId;
import java.util.List;
import java.util.Objects;

/**
 * What {@link Outbox#enqueue} did with one message.
 *
 * @param messageId the stored message: the new one, or the earlier one with the same idempotency
 *     key
 * @param deliveryIds its deliveries as first written
 * @param duplicate true when nothing was written because the key was already used
 */
public record EnqueueOutcome(MessageId messageId, List<DeliveryId> deliveryIds, boolean duplicate) {
  public EnqueueOutcome {
    Objects.requireNonNull(messageId, "messageId");
    deliveryIds = List.copyOf(Objects.requireNonNull(deliveryIds, "deliveryIds"));
  }
}
