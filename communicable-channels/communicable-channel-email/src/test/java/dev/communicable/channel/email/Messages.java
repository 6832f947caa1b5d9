package dev.communicable.channel.email;

import dev.communicable.Content;
import dev.communicable.MessageId;
import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.delivery.DeliveryId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Builds outbound email messages for tests. */
final class Messages {
  private String address = "ada@example.com";
  private final Content.Builder content = Content.builder();
  private final Map<String, String> metadata = new LinkedHashMap<>();
  private String idempotencyKey = "delivery-" + UUID.randomUUID();
  private final DeliveryId deliveryId = new DeliveryId(UUID.randomUUID());

  static Messages email() {
    return new Messages().subject("Your invoice").text("Amount: 42.00");
  }

  Messages to(String address) {
    this.address = address;
    return this;
  }

  Messages subject(String subject) {
    content.subject(subject);
    return this;
  }

  Messages text(String text) {
    content.text(text);
    return this;
  }

  Messages html(String html) {
    content.html(html);
    return this;
  }

  Messages meta(String key, String value) {
    metadata.put(key, value);
    return this;
  }

  Messages attach(EmailAttachment... attachments) {
    metadata.putAll(EmailAttachment.metadata(List.of(attachments)));
    return this;
  }

  Messages idempotencyKey(String key) {
    this.idempotencyKey = key;
    return this;
  }

  OutboundMessage build() {
    return new OutboundMessage(
        deliveryId,
        new MessageId(UUID.randomUUID()),
        "tenant-a",
        ChannelType.EMAIL,
        "user-1",
        address,
        Locale.ENGLISH,
        content.build(),
        Map.of(),
        metadata,
        idempotencyKey,
        1,
        Priority.NORMAL,
        "invoices");
  }
}
