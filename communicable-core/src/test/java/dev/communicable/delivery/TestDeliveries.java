package dev.communicable.delivery;

import dev.communicable.MessageId;
import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** Deliveries to start state-machine tests from. */
final class TestDeliveries {
  private TestDeliveries() {}

  /** A fresh QUEUED delivery due at {@code now}, with a fixed id so that runs are repeatable. */
  static Delivery queued(Instant now) {
    return in(DeliveryState.QUEUED, now);
  }

  /** A delivery in {@code state}, version 7, with a lease when SENDING. */
  static Delivery in(DeliveryState state, Instant now) {
    boolean leased = state == DeliveryState.SENDING;
    return new Delivery(
        new DeliveryId(new UUID(1, 2)),
        "acme",
        new MessageId(new UUID(3, 4)),
        "ann",
        ChannelType.EMAIL,
        "ann@example.test",
        Locale.ENGLISH,
        ZoneOffset.UTC,
        "invoice.paid",
        Priority.NORMAL,
        state,
        0,
        now,
        null,
        now,
        now,
        state == DeliveryState.QUEUED ? 0 : 7,
        leased ? "worker-1" : null,
        leased ? now.plusSeconds(30) : null,
        List.of(),
        null,
        null,
        null);
  }

  /** {@code d} as a replay makes it: attempts back to zero, due at {@code now}. */
  static Delivery replayed(Delivery d, Instant now) {
    return new Delivery(
        d.id(),
        d.tenantId(),
        d.messageId(),
        d.recipientId(),
        d.channel(),
        d.address(),
        d.locale(),
        d.timeZone(),
        d.topic(),
        d.priority(),
        d.state(),
        0,
        now,
        d.expiresAt(),
        d.createdAt(),
        d.updatedAt(),
        d.version(),
        d.leaseOwner(),
        d.leaseUntil(),
        d.fallbacks(),
        d.escalationOf(),
        d.providerMessageId(),
        d.lastError());
  }
}
