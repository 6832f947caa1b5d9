package dev.communicable.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.policy.Retry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * A small model of the dispatcher's decisions for one delivery: what a worker does with each
 * provider outcome, with a lease that runs out, with a throttle or a refusal, and what the
 * application's receipts, cancellations and replays do. Every move goes through {@link
 * Delivery#apply} and is checked against {@link DocumentedTransitions} as it is made.
 *
 * <p>One rule here is a decision rather than a fact of the table: when a worker's lease runs out
 * mid-send, the worker that takes over counts the lost attempt (the provider may have been called),
 * so that a delivery that kills every worker sending it still ends in the dead-letter queue after
 * the policy's attempts instead of circulating forever.
 */
final class DispatcherModel {
  static final Duration LEASE = Duration.ofSeconds(30);
  static final Duration THROTTLE_WAIT = Duration.ofMinutes(1);

  /** What happens next to the delivery. */
  enum Stimulus {
    /** A worker claims it and the provider accepts. */
    PROVIDER_ACCEPTS(true),
    /** A worker claims it and the provider fails in a way that may pass. */
    PROVIDER_FAILS_RETRYABLY(true),
    /** A worker claims it and the provider refuses for good. */
    PROVIDER_REFUSES(true),
    /** A worker claims it and dies mid-send; its lease will run out. */
    WORKER_DIES(true),
    /** A worker claims it and a throttle is full. */
    THROTTLED(true),
    /** A worker claims it and the recipient's preferences refuse it. */
    PREFERENCES_REFUSE(true),
    /** A worker claims it after its expiry. */
    EXPIRY_PASSED(true),
    /** The provider reports delivery. */
    RECEIPT_DELIVERED(false),
    /** The recipient reads it. */
    RECEIPT_READ(false),
    /** The provider reports it could not be delivered after all (a carrier failure, a bounce). */
    RECEIPT_UNDELIVERED(false),
    /** The application cancels the message. */
    CANCELLED_BY_APP(false),
    /** An operator replays the dead letter. */
    REPLAYED(false);

    final boolean dispatch;

    Stimulus(boolean dispatch) {
      this.dispatch = dispatch;
    }
  }

  /** One move made: from, by, to. */
  record Move(DeliveryState from, DeliveryEvent event, DeliveryState to) {}

  private final Retry retry;
  private final RandomGenerator random;
  private Delivery delivery;
  private Instant now;
  private int workers;
  private final List<Move> moves = new ArrayList<>();
  private final List<Move> refused = new ArrayList<>();
  private int maxAttemptsSeen;

  DispatcherModel(Retry retry, RandomGenerator random, Instant start) {
    this.retry = retry;
    this.random = random;
    this.now = start;
    this.delivery = TestDeliveries.queued(start);
  }

  Delivery delivery() {
    return delivery;
  }

  List<Move> moves() {
    return moves;
  }

  List<Move> refused() {
    return refused;
  }

  int maxAttemptsSeen() {
    return maxAttemptsSeen;
  }

  /** Applies one stimulus. */
  void accept(Stimulus s) {
    if (s.dispatch) {
      dispatch(s);
    } else {
      report(s);
    }
  }

  /**
   * A worker's turn: claim (or take over), then act on {@code s}. Terminal deliveries are never
   * claimed.
   */
  private void dispatch(Stimulus s) {
    if (delivery.state().isTerminal()) {
      return;
    }
    if (delivery.state() == DeliveryState.SENDING) {
      // the previous worker died: its lease runs out and another worker takes over
      now = delivery.leaseUntil().plusMillis(1);
      delivery =
          delivery.withAttempt(null, "lease of " + delivery.leaseOwner() + " expired mid-send");
      if (!retry.allowsAnotherAfter(delivery.attempts())) {
        move(DeliveryEvent.EXHAUSTED);
        return;
      }
    } else {
      now = later(now, delivery.scheduledAt());
    }
    move(DeliveryEvent.CLAIM);
    delivery = delivery.withLease("worker-" + ++workers, now.plus(LEASE));
    now = now.plusMillis(10);

    switch (s) {
      case PROVIDER_ACCEPTS -> {
        delivery = delivery.withAttempt("provider-msg-" + delivery.attempts(), null);
        move(DeliveryEvent.ACCEPTED);
      }
      case PROVIDER_FAILS_RETRYABLY -> {
        delivery = delivery.withAttempt(null, "503 from provider");
        if (retry.allowsAnotherAfter(delivery.attempts())) {
          Duration delay = retry.delay(delivery.attempts(), random);
          Duration nominal = retry.nominalDelay(delivery.attempts());
          assertThat(delay.toNanos())
              .as("jittered delay within bounds of %s", nominal)
              .isBetween(
                  Math.round(nominal.toNanos() * (1 - retry.jitter())) - 1,
                  Math.round(nominal.toNanos() * (1 + retry.jitter())) + 1);
          move(DeliveryEvent.RETRY);
          delivery = delivery.withScheduledAt(now.plus(delay));
        } else {
          move(DeliveryEvent.EXHAUSTED);
        }
      }
      case PROVIDER_REFUSES -> {
        delivery = delivery.withAttempt(null, "400 invalid address");
        move(DeliveryEvent.REJECTED);
      }
      case WORKER_DIES -> {
        // nothing is written: the delivery stays SENDING under the dead worker's lease
      }
      case THROTTLED -> {
        move(DeliveryEvent.DEFER);
        delivery = delivery.withScheduledAt(now.plus(THROTTLE_WAIT));
      }
      case PREFERENCES_REFUSE -> move(DeliveryEvent.SUPPRESS);
      case EXPIRY_PASSED -> move(DeliveryEvent.EXPIRE);
      default -> throw new IllegalArgumentException(s.name());
    }
  }

  /** A report from outside: applied if the table allows it, refused with an exception otherwise. */
  private void report(Stimulus s) {
    DeliveryEvent event =
        switch (s) {
          case RECEIPT_DELIVERED -> DeliveryEvent.DELIVERED;
          case RECEIPT_READ -> DeliveryEvent.READ;
          case RECEIPT_UNDELIVERED -> DeliveryEvent.UNDELIVERED;
          case CANCELLED_BY_APP -> DeliveryEvent.CANCEL;
          case REPLAYED -> DeliveryEvent.REPLAY;
          default -> throw new IllegalArgumentException(s.name());
        };
    now = now.plusSeconds(1);
    Delivery before = delivery;
    try {
      move(event);
    } catch (IllegalTransitionException e) {
      assertThat(DocumentedTransitions.target(before.state(), event))
          .as("%s refused in %s", event, before.state())
          .isEmpty();
      assertThat(delivery).as("a refused report changes nothing").isSameAs(before);
      refused.add(new Move(before.state(), event, before.state()));
      return;
    }
    if (event == DeliveryEvent.REPLAY) {
      delivery = TestDeliveries.replayed(delivery, now);
    }
  }

  private void move(DeliveryEvent event) {
    Delivery before = delivery;
    Delivery after = before.apply(event, now);
    assertThat(DocumentedTransitions.target(before.state(), event))
        .as("%s + %s", before.state(), event)
        .contains(after.state());
    assertThat(after.version()).isEqualTo(before.version() + 1);
    moves.add(new Move(before.state(), event, after.state()));
    delivery = after;
    maxAttemptsSeen = Math.max(maxAttemptsSeen, after.attempts());
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
