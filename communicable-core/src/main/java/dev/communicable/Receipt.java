package dev.communicable;

import dev.communicable.delivery.DeliveryId;
import java.util.List;
import java.util.Objects;

/**
 * What {@code send} returns at once: the accepted message and its first deliveries. Delivery goes
 * on in the background; follow it with {@code Communication.timeline(...)}.
 *
 * @param tenantId the tenant
 * @param messageId the accepted message
 * @param deliveryIds its first deliveries (one per recipient and channel)
 * @param duplicate true when the idempotency key had been used: this is the first receipt again and
 *     nothing new was sent
 */
public record Receipt(
    String tenantId, MessageId messageId, List<DeliveryId> deliveryIds, boolean duplicate) {
  public Receipt {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(messageId, "messageId");
    deliveryIds = List.copyOf(Objects.requireNonNull(deliveryIds, "deliveryIds"));
  }
}
