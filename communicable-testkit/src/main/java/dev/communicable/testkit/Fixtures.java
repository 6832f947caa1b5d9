package dev.communicable.testkit;

import dev.communicable.MessageId;
import dev.communicable.Priority;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.delivery.Message;
import dev.communicable.delivery.StateChange;
import dev.communicable.spi.DeliveryUpdate;
import dev.communicable.spi.NewMessage;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Values the contracts write. Times are whole milliseconds so that stores with microsecond
 * precision (PostgreSQL) read back exactly what was written.
 */
final class Fixtures {
  /** The base time of the contracts: 2026-03-01T10:00:00Z. */
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  private Fixtures() {}

  /** A tenant id unique to one test, so tests never see each other's rows. */
  static String tenant() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  static Message message(String tenant, @Nullable String idempotencyKey, Instant createdAt) {
    Recipient recipient =
        new Recipient(
            "user-1",
            tenant,
            Map.of(ChannelType.EMAIL, "user-1@example.com", ChannelType.SMS, "+15550001111"),
            Locale.forLanguageTag("fr-CA"),
            ZoneId.of("America/Montreal"));
    return new Message(
        new MessageId(UUID.randomUUID()),
        tenant,
        "invoice.paid",
        "billing",
        "sender-1",
        "invoice-paid",
        null,
        Map.of("amount", "42.00", "currency", "EUR"),
        Map.of("replyTo", "billing@example.com"),
        Priority.NORMAL,
        idempotencyKey,
        List.of(recipient),
        createdAt,
        createdAt,
        null);
  }

  static Delivery delivery(Message m, ChannelType channel, Priority priority, Instant due) {
    return new Delivery(
        new DeliveryId(UUID.randomUUID()),
        m.tenantId(),
        m.id(),
        "user-1",
        channel,
        channel.equals(ChannelType.SMS) ? "+15550001111" : "user-1@example.com",
        Locale.forLanguageTag("fr-CA"),
        ZoneId.of("America/Montreal"),
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
        List.of(ChannelType.SMS),
        null,
        null,
        null);
  }

  /** A message created at {@code createdAt} with one NORMAL e-mail delivery per due time. */
  static NewMessage newMessage(
      String tenant, @Nullable String key, Instant createdAt, Instant... due) {
    Message m = message(tenant, key, createdAt);
    List<Delivery> ds = new ArrayList<>();
    for (Instant d : due) {
      ds.add(delivery(m, ChannelType.EMAIL, Priority.NORMAL, d));
    }
    return new NewMessage(m, ds);
  }

  /** A message created and due at {@code at} with one delivery. */
  static NewMessage newMessage(String tenant, Instant at) {
    return newMessage(tenant, null, at, at);
  }

  /** The guarded write that moves {@code before} by {@code event} at {@code at}. */
  static DeliveryUpdate move(Delivery before, DeliveryEvent event, Instant at, String owner) {
    Delivery after = before.apply(event, at);
    return new DeliveryUpdate(
        after,
        before.version(),
        owner,
        null,
        StateChange.between(before, after, event.name().toLowerCase(Locale.ROOT)),
        List.of());
  }

  /** The guarded write recording one attempt by {@code owner} that ended in {@code event}. */
  static DeliveryUpdate attempt(
      Delivery before,
      DeliveryEvent event,
      DeliveryAttempt.Outcome outcome,
      @Nullable String providerMessageId,
      Instant at,
      String owner) {
    String error = outcome == DeliveryAttempt.Outcome.ACCEPTED ? null : "provider said " + outcome;
    Delivery after = before.apply(event, at).withAttempt(providerMessageId, error);
    DeliveryAttempt attempt =
        new DeliveryAttempt(
            before.id(),
            before.tenantId(),
            after.attempts(),
            "smtp",
            at.minusMillis(5),
            at,
            outcome,
            providerMessageId,
            error);
    return new DeliveryUpdate(
        after,
        before.version(),
        owner,
        attempt,
        StateChange.between(before, after, error),
        List.of());
  }
}
