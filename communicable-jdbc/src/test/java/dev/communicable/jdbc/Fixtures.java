package dev.communicable.jdbc;

import dev.communicable.Content;
import dev.communicable.MessageId;
import dev.communicable.Priority;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.delivery.Message;
import dev.communicable.spi.NewMessage;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Messages and deliveries to enqueue in store tests. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2025-06-01T10:00:00Z");

  private Fixtures() {}

  static Recipient recipient(String tenant, String id) {
    return new Recipient(
        id,
        tenant,
        Map.of(ChannelType.EMAIL, id + "@example.com", ChannelType.SMS, "+15555550100"),
        Locale.forLanguageTag("fr-CA"),
        ZoneId.of("America/Toronto"));
  }

  static NewMessage message(String tenant, String key, int recipients, Instant at) {
    return message(tenant, key, recipients, at, Priority.NORMAL);
  }

  static NewMessage message(
      String tenant, String key, int recipients, Instant at, Priority priority) {
    List<Recipient> who = new ArrayList<>();
    for (int i = 0; i < recipients; i++) {
      who.add(recipient(tenant, "user-" + i));
    }
    Message message =
        new Message(
            new MessageId(UUID.randomUUID()),
            tenant,
            "invoice.paid",
            "billing",
            "system",
            null,
            Content.builder().subject("Paid {{amount}}").text("Thanks").build(),
            Map.of("amount", "42.00", "count", 3, "items", List.of("a", "b")),
            Map.of("replyTo", "billing@example.com"),
            priority,
            key,
            who,
            at,
            at,
            null);
    List<Delivery> deliveries = new ArrayList<>();
    for (Recipient r : who) {
      deliveries.add(delivery(message, r, ChannelType.EMAIL, at));
    }
    return new NewMessage(message, deliveries);
  }

  static Delivery delivery(Message m, Recipient r, ChannelType channel, Instant due) {
    return new Delivery(
        new DeliveryId(UUID.randomUUID()),
        m.tenantId(),
        m.id(),
        r.id(),
        channel,
        r.address(channel).orElseThrow(),
        r.locale(),
        r.timeZone(),
        m.topic(),
        m.priority(),
        DeliveryState.QUEUED,
        0,
        due,
        null,
        m.createdAt(),
        m.createdAt(),
        0,
        null,
        null,
        List.of(ChannelType.SMS),
        null,
        null,
        null);
  }
}
