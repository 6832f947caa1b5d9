package dev.communicable.channel.email;

import dev.communicable.Content;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.testkit.TestData;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Composes outbound email messages for tests part by part (content parts, metadata, attachments) on
 * top of the testkit's {@code TestData.outbound}.
 */
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
    return TestData.outbound(ChannelType.EMAIL, address)
        .deliveryId(deliveryId)
        .content(content.build())
        .data(Map.of())
        .metadata(metadata)
        .idempotencyKey(idempotencyKey)
        .topic("invoices")
        .build();
  }
}
