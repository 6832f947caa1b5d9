package dev.communicable.delivery;

import static dev.communicable.delivery.DeliveryEvent.ACCEPTED;
import static dev.communicable.delivery.DeliveryEvent.CANCEL;
import static dev.communicable.delivery.DeliveryEvent.CLAIM;
import static dev.communicable.delivery.DeliveryEvent.DEFER;
import static dev.communicable.delivery.DeliveryEvent.EXHAUSTED;
import static dev.communicable.delivery.DeliveryEvent.EXPIRE;
import static dev.communicable.delivery.DeliveryEvent.REJECTED;
import static dev.communicable.delivery.DeliveryEvent.REPLAY;
import static dev.communicable.delivery.DeliveryEvent.RETRY;
import static dev.communicable.delivery.DeliveryEvent.SUPPRESS;
import static dev.communicable.delivery.DeliveryState.CANCELLED;
import static dev.communicable.delivery.DeliveryState.DEAD_LETTERED;
import static dev.communicable.delivery.DeliveryState.EXPIRED;
import static dev.communicable.delivery.DeliveryState.FAILED;
import static dev.communicable.delivery.DeliveryState.QUEUED;
import static dev.communicable.delivery.DeliveryState.SENDING;
import static dev.communicable.delivery.DeliveryState.SENT;
import static dev.communicable.delivery.DeliveryState.SUPPRESSED;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;

/**
 * The delivery state machine as the design documents it, written out here independently of {@link
 * DeliveryTransitions} so that the tests compare the code against the specification rather than
 * against itself.
 */
final class DocumentedTransitions {
  private static final Map<DeliveryState, Map<DeliveryEvent, DeliveryState>> SPEC =
      new EnumMap<>(DeliveryState.class);

  static {
    // waiting: a worker claims it, or it ends without being sent
    row(QUEUED, CLAIM, SENDING);
    row(QUEUED, SUPPRESS, SUPPRESSED);
    row(QUEUED, CANCEL, CANCELLED);
    row(QUEUED, EXPIRE, EXPIRED);
    // being sent: the provider's answer, the policy's verdict, or a takeover after a lost lease
    row(SENDING, CLAIM, SENDING);
    row(SENDING, ACCEPTED, SENT);
    row(SENDING, RETRY, QUEUED);
    row(SENDING, DEFER, QUEUED);
    row(SENDING, REJECTED, FAILED);
    row(SENDING, EXHAUSTED, DEAD_LETTERED);
    row(SENDING, SUPPRESS, SUPPRESSED);
    row(SENDING, CANCEL, CANCELLED);
    row(SENDING, EXPIRE, EXPIRED);
    // receipts after the provider took it
    row(SENT, DeliveryEvent.DELIVERED, DeliveryState.DELIVERED);
    row(SENT, DeliveryEvent.READ, DeliveryState.READ);
    row(DeliveryState.DELIVERED, DeliveryEvent.READ, DeliveryState.READ);
    // the provider reports, after taking it, that it did not arrive (a bounce may follow a
    // "delivered to the mail server"); a read message stays read
    row(SENT, DeliveryEvent.UNDELIVERED, FAILED);
    row(DeliveryState.DELIVERED, DeliveryEvent.UNDELIVERED, FAILED);
    // a dead letter may be sent again
    row(DEAD_LETTERED, REPLAY, QUEUED);
  }

  private DocumentedTransitions() {}

  private static void row(DeliveryState from, DeliveryEvent event, DeliveryState to) {
    SPEC.computeIfAbsent(from, s -> new EnumMap<>(DeliveryEvent.class)).put(event, to);
  }

  /** The documented target of {@code event} in {@code from}, or empty when it is illegal. */
  static Optional<DeliveryState> target(DeliveryState from, DeliveryEvent event) {
    return Optional.ofNullable(SPEC.getOrDefault(from, Map.of()).get(event));
  }

  /** How many (state, event) pairs are legal. */
  static int legalPairs() {
    return SPEC.values().stream().mapToInt(Map::size).sum();
  }
}
