package dev.communicable.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.MessageId;
import dev.communicable.channel.ChannelType;
import dev.communicable.policy.Retry;
import dev.communicable.spi.Lease;
import dev.communicable.spi.StoredDelivery;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * A small model of the dispatcher's decisions for one delivery: what a worker does with each
 * provider outcome, with a lease that runs out, with a throttle or a refusal, and what the
 * application's receipts, cancellations and replays do. Every move goes through {@link
 * Delivery#apply} and is checked against {@link DocumentedTransitions} as it is made.
 *
 * <p>One rule here is a decision rather than a fact of the table: when a worker's lease runs out
 * mid-send, the claim that takes over counts a take-over, not an attempt (the worker may never have
 * tried the delivery), and a delivery taken over {@link #MAX_TAKEOVERS} times is dead-lettered, so
 * that a delivery that kills every worker sending it does not circulate forever.
 */
final class DispatcherModel {
  static final Duration LEASE = Duration.ofSeconds(30);

  /** The take-overs after which the engine dead-letters a delivery. */
  static final int MAX_TAKEOVERS = 3;

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
  private StoredDelivery stored;
  private Instant now;
  private int workers;
  private final List<Move> moves = new ArrayList<>();
  private final List<Move> refused = new ArrayList<>();
  private int maxAttemptsSeen;

  DispatcherModel(Retry retry, RandomGenerator random, Instant start) {
    this.retry = retry;
    this.random = random;
    this.now = start;
    this.stored = StoredDelivery.created(queued(start));
  }

  /** A fresh QUEUED delivery due at {@code now}, with a fixed id so that runs are repeatable. */
  static Delivery queued(Instant now) {
    return Delivery.builder()
        .id(new DeliveryId(new UUID(1, 2)))
        .tenantId("acme")
        .messageId(new MessageId(new UUID(3, 4)))
        .route(
            new Route("ann", ChannelType.EMAIL, "ann@example.test", Locale.ENGLISH, ZoneOffset.UTC))
        .topic("invoice.paid")
        .scheduledAt(now)
        .createdAt(now)
        .build();
  }

  Delivery delivery() {
    return stored.delivery();
  }

  List<Move> moves() {
    return moves;
  }

  List<Move> refused() {
    return refused;
  }

  /** How many times a claim took the delivery over since it was created or last replayed. */
  int takeovers() {
    return stored.takeovers();
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
    if (delivery().state().isTerminal()) {
      return;
    }
    boolean takenOver = delivery().state() == DeliveryState.SENDING;
    if (takenOver) {
      // the previous worker died: its lease runs out and another worker takes over
      Lease lost = stored.lease();
      assertThat(lost).as("a SENDING delivery is leased").isNotNull();
      now = lost.until().plusMillis(1);
    } else {
      now = later(now, delivery().scheduledAt());
    }
    StoredDelivery before = stored;
    stored =
        before.claimedBy(
            before.delivery().apply(DeliveryEvent.CLAIM, now),
            new Lease("worker-" + ++workers, now.plus(LEASE)));
    assertThat(stored.takeovers())
        .as("a claim counts a take-over, and only a take-over")
        .isEqualTo(before.takeovers() + (takenOver ? 1 : 0));
    assertThat(stored.delivery().attempts()).isEqualTo(before.delivery().attempts());
    assertThat(stored.version()).isEqualTo(before.version() + 1);
    DeliveryState from = before.delivery().state();
    assertThat(DocumentedTransitions.target(from, DeliveryEvent.CLAIM))
        .as("%s + CLAIM", from)
        .contains(DeliveryState.SENDING);
    moves.add(new Move(from, DeliveryEvent.CLAIM, DeliveryState.SENDING));
    if (stored.takeovers() >= MAX_TAKEOVERS) {
      change(d -> d.withLastError("taken over " + MAX_TAKEOVERS + " times"));
      move(DeliveryEvent.EXHAUSTED);
      return;
    }
    now = now.plusMillis(10);

    switch (s) {
      case PROVIDER_ACCEPTS -> {
        change(d -> d.withAttempt("provider-msg-" + d.attempts(), null));
        move(DeliveryEvent.ACCEPTED);
      }
      case PROVIDER_FAILS_RETRYABLY -> {
        change(d -> d.withAttempt(null, "503 from provider"));
        int attempts = delivery().attempts();
        if (retry.allowsAnotherAfter(attempts)) {
          Duration delay = retry.delay(attempts, random);
          Duration nominal = retry.nominalDelay(attempts);
          assertThat(delay.toNanos())
              .as("jittered delay within bounds of %s", nominal)
              .isBetween(
                  Math.round(nominal.toNanos() * (1 - retry.jitter())) - 1,
                  Math.round(nominal.toNanos() * (1 + retry.jitter())) + 1);
          move(DeliveryEvent.RETRY);
          change(d -> d.withScheduledAt(now.plus(delay)));
        } else {
          move(DeliveryEvent.EXHAUSTED);
        }
      }
      case PROVIDER_REFUSES -> {
        change(d -> d.withAttempt(null, "400 invalid address"));
        move(DeliveryEvent.REJECTED);
      }
      case WORKER_DIES -> {
        // nothing is written: the delivery stays SENDING under the dead worker's lease
      }
      case THROTTLED -> {
        move(DeliveryEvent.DEFER);
        change(d -> d.withScheduledAt(now.plus(THROTTLE_WAIT)));
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
    StoredDelivery before = stored;
    DeliveryState from = before.delivery().state();
    try {
      move(event);
    } catch (IllegalTransitionException e) {
      assertThat(DocumentedTransitions.target(from, event))
          .as("%s refused in %s", event, from)
          .isEmpty();
      assertThat(stored).as("a refused report changes nothing").isSameAs(before);
      refused.add(new Move(from, event, from));
      return;
    }
    if (event == DeliveryEvent.REPLAY) {
      Instant at = now;
      change(d -> d.toBuilder().attempts(0).scheduledAt(at).build());
    }
  }

  /** Changes the delivery as a worker does before it writes the move: same version, same lease. */
  private void change(UnaryOperator<Delivery> how) {
    stored =
        new StoredDelivery(
            how.apply(delivery()), stored.version(), stored.lease(), stored.takeovers());
  }

  /**
   * Moves the delivery by {@code event} and writes it as a store does: {@link StoredDelivery#next}.
   */
  private void move(DeliveryEvent event) {
    StoredDelivery before = stored;
    StoredDelivery after = before.next(before.delivery().apply(event, now));
    DeliveryState from = before.delivery().state();
    DeliveryState to = after.delivery().state();
    assertThat(DocumentedTransitions.target(from, event)).as("%s + %s", from, event).contains(to);
    assertThat(after.version()).isEqualTo(before.version() + 1);
    if (to != DeliveryState.SENDING) {
      assertThat(after.lease()).as("no lease once %s", to).isNull();
    }
    if (event == DeliveryEvent.REPLAY) {
      assertThat(after.takeovers()).as("a replay starts the take-overs again").isZero();
    } else {
      assertThat(after.takeovers()).isEqualTo(before.takeovers());
    }
    moves.add(new Move(from, event, to));
    stored = after;
    maxAttemptsSeen = Math.max(maxAttemptsSeen, after.delivery().attempts());
  }

  private static Instant later(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }
}
