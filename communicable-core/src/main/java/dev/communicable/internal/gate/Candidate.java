package dev.communicable.internal.gate;

import dev.communicable.Arguments;
import dev.communicable.Recipient;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.Message;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.preference.Preferences;
import dev.communicable.spi.TenantBudget;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * A claimed delivery on its way through the gates, with what they read about it: its message and
 * recipient, the recipient's preferences, the tenant's budget. Each is read once, when a gate first
 * asks, so that a delivery an early gate stops costs none of the reads of the later ones (an
 * expired delivery never reads its message, a cancelled escalation never reads preferences), and
 * the gates and the send that follows all see the same values. One per delivery, used by one
 * thread.
 */
public final class Candidate {
  private final Delivery delivery;
  private final Instant now;
  private final DeliveryPolicy policy;
  private final Once<Optional<Message>> message;
  private final Once<Preferences> preferences;
  private final Once<@Nullable TenantBudget> budget;

  /**
   * @param delivery the claimed delivery
   * @param now the time every gate decides at
   * @param policy the delivery policy of its topic
   * @param message reads its message, empty when it is not stored
   * @param preferences reads its recipient's preferences
   * @param budget finds the tenant budget its send counts against, null for none
   */
  public Candidate(
      Delivery delivery,
      Instant now,
      DeliveryPolicy policy,
      Supplier<Optional<Message>> message,
      Supplier<Preferences> preferences,
      Supplier<@Nullable TenantBudget> budget) {
    this.delivery = Arguments.notNull("delivery", delivery);
    this.now = Arguments.notNull("now", now);
    this.policy = Arguments.notNull("policy", policy);
    this.message = new Once<>(Arguments.notNull("message", message));
    this.preferences = new Once<>(Arguments.notNull("preferences", preferences));
    this.budget = new Once<>(Arguments.notNull("budget", budget));
  }

  public Delivery delivery() {
    return delivery;
  }

  public Instant now() {
    return now;
  }

  public DeliveryPolicy policy() {
    return policy;
  }

  /** True when the delivery's message is stored and names its recipient. */
  public boolean stored() {
    return recipientOrNull() != null;
  }

  /**
   * The delivery's message.
   *
   * @throws IllegalStateException when it is not {@linkplain #stored() stored}
   */
  public Message message() {
    return message.get().orElseThrow(() -> notStored("message"));
  }

  /**
   * The delivery's recipient, as its message names them.
   *
   * @throws IllegalStateException when it is not {@linkplain #stored() stored}
   */
  public Recipient recipient() {
    Recipient recipient = recipientOrNull();
    if (recipient == null) {
      throw notStored("recipient");
    }
    return recipient;
  }

  public Preferences preferences() {
    return preferences.get();
  }

  /** The tenant budget the delivery's send counts against, or null when none applies. */
  public @Nullable TenantBudget budget() {
    return budget.get();
  }

  /** The recipient of {@code d} among those {@code message} names. */
  public static Optional<Recipient> recipientOf(Message message, Delivery d) {
    return message.recipients().stream().filter(r -> r.id().equals(d.recipientId())).findFirst();
  }

  private @Nullable Recipient recipientOrNull() {
    return message.get().flatMap(m -> recipientOf(m, delivery)).orElse(null);
  }

  private IllegalStateException notStored(String what) {
    return new IllegalStateException(
        "the " + what + " of delivery " + delivery.id() + " is not stored");
  }

  /** A value read when first asked for, then kept. */
  private static final class Once<T extends @Nullable Object> {
    private @Nullable Supplier<? extends T> source;
    private @Nullable T value;

    Once(Supplier<? extends T> source) {
      this.source = source;
    }

    T get() {
      if (source != null) {
        value = source.get();
        source = null;
      }
      return value;
    }
  }
}
