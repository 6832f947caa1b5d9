package dev.communicable.delivery;

import static dev.communicable.delivery.DeliveryEvent.*;
import static dev.communicable.delivery.DeliveryState.*;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/** The one table of legal delivery moves. Every state change in the library goes through it. */
public final class DeliveryTransitions {
  private static final Map<DeliveryState, Map<DeliveryEvent, DeliveryState>> TABLE =
      new EnumMap<>(DeliveryState.class);

  static {
    allow(QUEUED, CLAIM, SENDING);
    allow(QUEUED, SUPPRESS, SUPPRESSED);
    allow(QUEUED, CANCEL, CANCELLED);
    allow(QUEUED, EXPIRE, EXPIRED);

    allow(SENDING, CLAIM, SENDING); // lease ran out, another worker takes over
    allow(SENDING, ACCEPTED, SENT);
    allow(SENDING, RETRY, QUEUED);
    allow(SENDING, DEFER, QUEUED);
    allow(SENDING, REJECTED, FAILED);
    allow(SENDING, EXHAUSTED, DEAD_LETTERED);
    allow(SENDING, SUPPRESS, SUPPRESSED);
    allow(SENDING, CANCEL, CANCELLED);
    allow(SENDING, EXPIRE, EXPIRED);

    allow(SENT, DeliveryEvent.DELIVERED, DeliveryState.DELIVERED);
    allow(SENT, DeliveryEvent.READ, DeliveryState.READ);
    allow(DeliveryState.DELIVERED, DeliveryEvent.READ, DeliveryState.READ);
    // Providers that took a message can still lose it. From DELIVERED too: an email provider
    // reports "delivered" once the recipient's mail server accepted it, and that server may bounce
    // it afterwards (mailbox full, no such user), so the DELIVERED was never true. READ stays
    // final: a message someone read was delivered, whatever a late report says.
    allow(SENT, UNDELIVERED, FAILED);
    allow(DeliveryState.DELIVERED, UNDELIVERED, FAILED);

    allow(DEAD_LETTERED, REPLAY, QUEUED);
  }

  private DeliveryTransitions() {}

  private static void allow(DeliveryState from, DeliveryEvent event, DeliveryState to) {
    TABLE.computeIfAbsent(from, s -> new EnumMap<>(DeliveryEvent.class)).put(event, to);
  }

  /**
   * The state {@code event} leads to from {@code from}.
   *
   * @throws IllegalTransitionException when the table has no such move
   */
  public static DeliveryState next(DeliveryState from, DeliveryEvent event) {
    return find(from, event).orElseThrow(() -> new IllegalTransitionException(from, event));
  }

  /** The state {@code event} leads to from {@code from}, or empty when the move is illegal. */
  public static Optional<DeliveryState> find(DeliveryState from, DeliveryEvent event) {
    return Optional.ofNullable(TABLE.getOrDefault(from, Map.of()).get(event));
  }

  /** True when {@code event} is legal in state {@code from}. */
  public static boolean allows(DeliveryState from, DeliveryEvent event) {
    return find(from, event).isPresent();
  }
}
