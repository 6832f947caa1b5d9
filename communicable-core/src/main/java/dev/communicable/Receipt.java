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
 * @param contentDiffered true when {@code duplicate} and the notification asked for something else
 *     than the one first accepted under the key (another event, topic, template, content, data,
 *     metadata, recipient, priority or send time): the key was probably reused by mistake, and this
 *     notification was <em>not</em> sent. False for an exact repeat, for a message not a duplicate,
 *     and when the first message was stored without a digest (before digests were recorded)
 */
public record Receipt(
    String tenantId,
    MessageId messageId,
    List<DeliveryId> deliveryIds,
    boolean duplicate,
    boolean contentDiffered) {
  public Receipt {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(messageId, "messageId");
    deliveryIds = List.copyOf(Objects.requireNonNull(deliveryIds, "deliveryIds"));
  }

  /** A receipt that reports no difference in content. */
  public Receipt(
      String tenantId, MessageId messageId, List<DeliveryId> deliveryIds, boolean duplicate) {
    this(tenantId, messageId, deliveryIds, duplicate, false);
  }
}
