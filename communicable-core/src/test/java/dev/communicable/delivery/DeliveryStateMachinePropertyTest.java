package dev.communicable.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.delivery.DispatcherModel.Move;
import dev.communicable.delivery.DispatcherModel.Stimulus;
import dev.communicable.policy.Retry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Random histories of one delivery — provider outcomes, dying workers, throttles, refusals,
 * receipts, cancellations and replays — driven through {@link DispatcherModel}, under retry
 * policies with random attempts, delays and jitter.
 */
class DeliveryStateMachinePropertyTest {
  private static final Instant START = Instant.parse("2025-03-01T10:00:00Z");

  @Property(tries = 500)
  void no_illegal_transition_is_taken_and_attempts_stay_within_the_policy(
      @ForAll("retries") Retry retry,
      @ForAll("histories") List<Stimulus> history,
      @ForAll long seed) {
    DispatcherModel model = new DispatcherModel(retry, new SplittableRandom(seed), START);
    for (Stimulus s : history) {
      model.accept(s);
      // (c) attempts never exceed maxAttempts
      assertThat(model.delivery().attempts()).isLessThanOrEqualTo(retry.maxAttempts());
    }

    // (a) every move taken is a documented one (also checked as each is made)
    for (Move m : model.moves()) {
      assertThat(DocumentedTransitions.target(m.from(), m.event())).contains(m.to());
    }
    // ...and every report refused was one the table does not have
    for (Move m : model.refused()) {
      assertThat(DeliveryTransitions.allows(m.from(), m.event())).isFalse();
    }
    assertThat(model.maxAttemptsSeen()).isLessThanOrEqualTo(retry.maxAttempts());
    Statistics.label("final state").collect(model.delivery().state());
  }

  @Property(tries = 500)
  void every_delivery_ends_within_its_policys_attempts(
      @ForAll("retries") Retry retry,
      @ForAll("histories") List<Stimulus> history,
      @ForAll("failures") List<Stimulus> worstCase,
      @ForAll long seed) {
    DispatcherModel model = new DispatcherModel(retry, new SplittableRandom(seed), START);
    history.forEach(model::accept);

    // (b) from wherever the history left it, failing every attempt ends it within the attempts and
    // take-overs left
    int attemptsLeft = retry.maxAttempts() - model.delivery().attempts();
    int takeoversLeft = DispatcherModel.MAX_TAKEOVERS - model.takeovers();
    int turns = 0;
    for (Stimulus s : worstCase) {
      if (model.delivery().state().isTerminal()) {
        break;
      }
      model.accept(s);
      turns++;
      assertThat(model.delivery().attempts()).isLessThanOrEqualTo(retry.maxAttempts());
    }
    assertThat(model.delivery().state().isTerminal())
        .as("terminal after %s worker turns, state %s", turns, model.delivery().state())
        .isTrue();
    // each turn spends an attempt or a take-over, except a worker dying on a fresh claim, which
    // the next turn's take-over pays for
    assertThat(turns).isLessThanOrEqualTo(attemptsLeft + 2 * takeoversLeft);
    if (model.delivery().state() == DeliveryState.DEAD_LETTERED) {
      assertThat(
              model.delivery().attempts() == retry.maxAttempts()
                  || model.takeovers() == DispatcherModel.MAX_TAKEOVERS)
          .as("dead-lettered with its attempts or its take-overs spent")
          .isTrue();
    }
    Statistics.label("ended as").collect(model.delivery().state());
  }

  @Property(tries = 500)
  void read_is_only_reached_after_sent(
      @ForAll("retries") Retry retry,
      @ForAll("histories") List<Stimulus> history,
      @ForAll long seed) {
    DispatcherModel model = new DispatcherModel(retry, new SplittableRandom(seed), START);
    history.forEach(model::accept);

    List<Move> moves = model.moves();
    for (int i = 0; i < moves.size(); i++) {
      Move m = moves.get(i);
      if (m.to() == DeliveryState.READ) {
        // (d) READ comes from SENT or DELIVERED, and SENT was reached by an accepted send
        assertThat(m.from()).isIn(DeliveryState.SENT, DeliveryState.DELIVERED);
        assertThat(moves.subList(0, i))
            .anySatisfy(
                earlier -> {
                  assertThat(earlier.event()).isEqualTo(DeliveryEvent.ACCEPTED);
                  assertThat(earlier.to()).isEqualTo(DeliveryState.SENT);
                });
        assertThat(model.delivery().providerMessageId()).isNotNull();
      }
    }
    boolean read = model.delivery().state() == DeliveryState.READ;
    Statistics.label("read").collect(read);
    Statistics.label("read").coverage(c -> c.check(true).percentage(p -> p > 1.0));
  }

  @Property(tries = 500)
  void an_undelivered_report_fails_only_what_a_provider_took_and_never_undoes_a_read(
      @ForAll("retries") Retry retry,
      @ForAll("histories") List<Stimulus> history,
      @ForAll long seed) {
    DispatcherModel model = new DispatcherModel(retry, new SplittableRandom(seed), START);
    history.forEach(model::accept);

    List<Move> moves = model.moves();
    boolean failedByReport = false;
    for (int i = 0; i < moves.size(); i++) {
      Move m = moves.get(i);
      // (e) READ is final: nothing, a late undelivered report included, moves a read delivery
      assertThat(m.from()).as("move %s out of READ", m.event()).isNotEqualTo(DeliveryState.READ);
      if (m.event() == DeliveryEvent.UNDELIVERED) {
        // (f) only a message the provider accepted can be reported undelivered, and it fails
        assertThat(m.from()).isIn(DeliveryState.SENT, DeliveryState.DELIVERED);
        assertThat(m.to()).isEqualTo(DeliveryState.FAILED);
        assertThat(moves.subList(0, i))
            .anyMatch(earlier -> earlier.event() == DeliveryEvent.ACCEPTED);
        failedByReport = true;
      }
    }
    for (Move m : model.refused()) {
      if (m.event() == DeliveryEvent.UNDELIVERED) {
        assertThat(m.from()).isNotIn(DeliveryState.SENT, DeliveryState.DELIVERED);
      }
    }
    Statistics.label("failed by a report").collect(failedByReport);
    Statistics.label("failed by a report").coverage(c -> c.check(true).percentage(p -> p > 1.0));
  }

  @Provide
  Arbitrary<Retry> retries() {
    Arbitrary<Integer> attempts = Arbitraries.integers().between(1, 8);
    Arbitrary<Double> jitter = Arbitraries.doubles().between(0.0, 0.5);
    Arbitrary<Retry> exponential =
        Combinators.combine(
                Arbitraries.longs().between(1, 600).map(Duration::ofSeconds),
                Arbitraries.doubles().between(1.0, 4.0),
                attempts,
                jitter)
            .as(
                (initial, multiplier, max, j) ->
                    Retry.exponential(initial, multiplier).maxAttempts(max).jitter(j));
    Arbitrary<Retry> schedule =
        Combinators.combine(
                Arbitraries.longs()
                    .between(1, 3600)
                    .map(Duration::ofSeconds)
                    .list()
                    .ofMinSize(1)
                    .ofMaxSize(4),
                attempts,
                jitter)
            .as(
                (delays, max, j) ->
                    Retry.schedule(delays.toArray(Duration[]::new)).maxAttempts(max).jitter(j));
    return Arbitraries.oneOf(
        List.of(
            exponential,
            schedule,
            Arbitraries.just(Retry.defaults()),
            Arbitraries.just(Retry.none())));
  }

  @Provide
  Arbitrary<List<Stimulus>> histories() {
    return Arbitraries.frequency(
            List.of(
                Tuple.of(6, Stimulus.PROVIDER_ACCEPTS),
                Tuple.of(8, Stimulus.PROVIDER_FAILS_RETRYABLY),
                Tuple.of(2, Stimulus.PROVIDER_REFUSES),
                Tuple.of(3, Stimulus.WORKER_DIES),
                Tuple.of(3, Stimulus.THROTTLED),
                Tuple.of(1, Stimulus.PREFERENCES_REFUSE),
                Tuple.of(1, Stimulus.EXPIRY_PASSED),
                Tuple.of(4, Stimulus.RECEIPT_DELIVERED),
                Tuple.of(4, Stimulus.RECEIPT_READ),
                Tuple.of(2, Stimulus.RECEIPT_UNDELIVERED),
                Tuple.of(1, Stimulus.CANCELLED_BY_APP),
                Tuple.of(2, Stimulus.REPLAYED)))
        .list()
        .ofMaxSize(40);
  }

  @Provide
  Arbitrary<List<Stimulus>> failures() {
    return Arbitraries.of(Stimulus.PROVIDER_FAILS_RETRYABLY, Stimulus.WORKER_DIES)
        .list()
        .ofSize(20);
  }
}
