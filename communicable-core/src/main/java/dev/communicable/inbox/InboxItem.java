package dev.communicable.inbox;

import dev.communicable.MessageId;
import dev.communicable.delivery.DeliveryId;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry in a recipient's in-app inbox, written when an in-app delivery is sent.
 *
 * @param deliveryId the in-app delivery (also the item's identity)
 * @param messageId its message
 * @param tenantId the tenant
 * @param recipientId whose inbox
 * @param topic the message's topic
 * @param title the rendered title, may be null
 * @param text the rendered body, may be null when there is a title
 * @param link the rendered deep link, may be null
 * @param createdAt when it arrived
 * @param readAt when it was read, null while unread
 */
public record InboxItem(
    DeliveryId deliveryId,
    MessageId messageId,
    String tenantId,
    String recipientId,
    String topic,
    @Nullable String title,
    @Nullable String text,
    @Nullable String link,
    Instant createdAt,
    @Nullable Instant readAt) {

  public InboxItem {
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(recipientId, "recipientId");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public boolean isRead() {
    return readAt != null;
  }
}
