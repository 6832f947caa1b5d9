package dev.communicable.internal.gate;

import dev.communicable.Content;
import dev.communicable.MessageId;
import dev.communicable.Priority;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.delivery.Message;
import dev.communicable.delivery.Route;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.preference.Preferences;
import dev.communicable.spi.TenantBudget;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/** Claimed deliveries and candidates to put through a gate, each part replaceable. */
final class TestCandidates {
  static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  static final String TENANT = "acme";
  static final MessageId MESSAGE_ID = new MessageId(new UUID(3, 4));
  static final Recipient ANN =
      new Recipient(
          "ann",
          TENANT,
          Map.of(ChannelType.EMAIL, "ann@example.test"),
          Locale.ENGLISH,
          ZoneOffset.UTC);

  private TestCandidates() {}

  /** A delivery to Ann by email, claimed (SENDING) at {@link #T0}. */
  static Delivery claimed() {
    return delivery(new DeliveryId(new UUID(1, 1)), ChannelType.EMAIL, Priority.NORMAL, null, null);
  }

  static Delivery delivery(
      DeliveryId id,
      ChannelType channel,
      Priority priority,
      Instant expiresAt,
      DeliveryId escalationOf) {
    return in(DeliveryState.SENDING, id, channel, priority, expiresAt, escalationOf, T0);
  }

  /** A delivery of the same message to Ann in {@code state}, created at {@code createdAt}. */
  static Delivery in(
      DeliveryState state,
      DeliveryId id,
      ChannelType channel,
      Priority priority,
      Instant expiresAt,
      DeliveryId escalationOf,
      Instant createdAt) {
    return Delivery.builder()
        .id(id)
        .tenantId(TENANT)
        .messageId(MESSAGE_ID)
        .route(new Route(ANN.id(), channel, "ann@example.test", Locale.ENGLISH, ZoneOffset.UTC))
        .topic("invoice.paid")
        .priority(priority)
        .state(state)
        .scheduledAt(createdAt)
        .expiresAt(expiresAt)
        .createdAt(createdAt)
        .escalationOf(escalationOf)
        .build();
  }

  /** The message of {@link #claimed()}, from {@code senderId}, naming {@code recipients}. */
  static Message message(String senderId, Recipient... recipients) {
    return Message.builder()
        .id(MESSAGE_ID)
        .tenantId(TENANT)
        .event("invoice.paid")
        .senderId(senderId)
        .content(Content.text("paid"))
        .recipients(List.of(recipients))
        .createdAt(T0)
        .build();
  }

  /** A candidate for {@code delivery} at {@code now}; its parts as {@link Builder} says. */
  static Builder candidate(Delivery delivery, Instant now) {
    return new Builder(delivery, now);
  }

  /** What gates read about a candidate, set per test; asking for what is not set fails. */
  static final class Builder {
    private final Delivery delivery;
    private final Instant now;
    private DeliveryPolicy policy = DeliveryPolicy.defaults();
    private Supplier<Optional<Message>> message =
        () -> Optional.of(TestCandidates.message("sam", ANN));
    private Supplier<Preferences> preferences = () -> Preferences.defaults(TENANT, ANN.id());
    private Supplier<TenantBudget> budget = () -> null;

    private Builder(Delivery delivery, Instant now) {
      this.delivery = delivery;
      this.now = now;
    }

    Builder policy(DeliveryPolicy policy) {
      this.policy = policy;
      return this;
    }

    Builder message(Supplier<Optional<Message>> message) {
      this.message = message;
      return this;
    }

    Builder preferences(Preferences preferences) {
      this.preferences = () -> preferences;
      return this;
    }

    Builder preferences(Supplier<Preferences> preferences) {
      this.preferences = preferences;
      return this;
    }

    Builder budget(Supplier<TenantBudget> budget) {
      this.budget = budget;
      return this;
    }

    Candidate build() {
      return new Candidate(delivery, now, policy, message, preferences, budget);
    }
  }

  /** A read a gate must not make. */
  static <T> Supplier<T> unread(String what) {
    return () -> {
      throw new AssertionError(what + " was read");
    };
  }
}
