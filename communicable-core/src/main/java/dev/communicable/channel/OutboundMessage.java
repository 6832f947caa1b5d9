package dev.communicable.channel;

import dev.communicable.Content;
import dev.communicable.MessageId;
import dev.communicable.Priority;
import dev.communicable.delivery.DeliveryId;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One rendered message for one recipient on one channel: what a {@link ChannelAdapter} sends.
 *
 * @param deliveryId the delivery this send belongs to
 * @param messageId the notification it came from
 * @param tenantId the tenant
 * @param channel the channel type
 * @param recipientId the host's id of the recipient
 * @param address where to send: an email address, an E.164 number, a URL, a device token; for
 *     in-app, the recipient id
 * @param locale the locale the content was rendered in
 * @param content the rendered parts
 * @param data the notification's data, for adapters that forward structured payloads
 * @param metadata channel options such as {@code "unsubscribeUrl"}, {@code "replyTo"} or custom
 *     headers ({@code "header.X-Campaign"})
 * @param idempotencyKey stable for the delivery across attempts, so providers can de-duplicate
 * @param attempt 1 for the first attempt
 * @param priority the notification's priority
 * @param topic the notification's topic
 */
public record OutboundMessage(
    DeliveryId deliveryId,
    MessageId messageId,
    String tenantId,
    ChannelType channel,
    String recipientId,
    String address,
    Locale locale,
    Content content,
    Map<String, Object> data,
    Map<String, String> metadata,
    String idempotencyKey,
    int attempt,
    Priority priority,
    String topic) {

  public OutboundMessage {
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(recipientId, "recipientId");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(locale, "locale");
    Objects.requireNonNull(content, "content");
    data = Map.copyOf(Objects.requireNonNull(data, "data"));
    metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
    Objects.requireNonNull(idempotencyKey, "idempotencyKey");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(topic, "topic");
  }
}
