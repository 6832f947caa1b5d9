package dev.communicable.channel.webhook;

import dev.communicable.Content;
import dev.communicable.MessageId;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.testkit.TestData;
import java.util.Map;
import java.util.UUID;

/** Outbound messages for tests, with the fixed ids and data the recorded requests expect. */
final class Messages {
  static final MessageId MESSAGE_ID = MessageId.of("0b1e7c3a-5f0e-4d4e-9a51-6f3c2d1e0a11");

  private Messages() {}

  static OutboundMessage message(
      ChannelType channel, String address, Content content, Map<String, String> metadata) {
    return TestData.outbound(channel, address)
        .deliveryId(new DeliveryId(UUID.fromString("5d0c8f2e-1111-4a2b-8c3d-9e8f7a6b5c4d")))
        .messageId(MESSAGE_ID)
        .tenantId("tenant-1")
        .recipientId("user-42")
        .content(content)
        .data(Map.of("amount", "42.00", "currency", "EUR"))
        .metadata(metadata)
        .idempotencyKey("delivery-5d0c8f2e")
        .topic("invoice.paid")
        .build();
  }

  static OutboundMessage webhook(String address, Content content) {
    return message(ChannelType.WEBHOOK, address, content, Map.of());
  }

  static OutboundMessage chat(String address, Content content) {
    return message(ChannelType.CHAT, address, content, Map.of());
  }
}
