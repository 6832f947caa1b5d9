package dev.communicable.channel.sms;

import dev.communicable.Content;
import dev.communicable.MessageId;
import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.delivery.DeliveryId;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Builds outbound SMS messages for tests. */
final class Texts {
  private Texts() {}

  static OutboundMessage sms(String to, String text) {
    return new OutboundMessage(
        new DeliveryId(UUID.randomUUID()),
        new MessageId(UUID.randomUUID()),
        "tenant-a",
        ChannelType.SMS,
        "user-1",
        to,
        Locale.ENGLISH,
        Content.text(text),
        Map.of(),
        Map.of(),
        "delivery-" + UUID.randomUUID(),
        1,
        Priority.NORMAL,
        "alerts");
  }
}
