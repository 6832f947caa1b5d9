package dev.communicable.memory;

import dev.communicable.MessageId;
import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.delivery.Message;
import dev.communicable.spi.NewMessage;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Builds messages and deliveries for the memory package's tests. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private Fixtures() {}

  static Message message(String tenant, String idempotencyKey, Instant at) {
    return new Message(
        new MessageId(UUID.randomUUID()),
        tenant,
        "invoice.paid",
        "billing",
        null,
        "invoice-paid",
        null,
        Map.of("amount", "42.00"),
        Map.of(),
        Priority.NORMAL,
        idempotencyKey,
        List.of(),
        at,
        at,
        null);
  }

  static Delivery delivery(Message m, ChannelType channel, Priority priority, Instant due) {
    return new Delivery(
        new DeliveryId(UUID.randomUUID()),
        m.tenantId(),
        m.id(),
        "user-1",
        channel,
        "user-1@example.com",
        Locale.ENGLISH,
        ZoneOffset.UTC,
        m.topic(),
        priority,
        DeliveryState.QUEUED,
        0,
        due,
        null,
        m.createdAt(),
        m.createdAt(),
        0,
        null,
        null,
        List.of(),
        null,
        null,
        null);
  }

  /** A message with one e-mail delivery per due time, all NORMAL priority. */
  static NewMessage newMessage(String tenant, String key, Instant... due) {
    Message m = message(tenant, key, T0);
    List<Delivery> ds = new ArrayList<>();
    for (Instant d : due) {
      ds.add(delivery(m, ChannelType.EMAIL, Priority.NORMAL, d));
    }
    return new NewMessage(m, ds);
  }
}
