package dev.communicable.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.communicable.spi.ThrottleDecision;
import dev.communicable.spi.ThrottlePermit;
import dev.communicable.spi.Throttler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of {@link Throttler}: sliding windows, all-or-nothing permits, exact limits under
 * contention. Extend it and implement {@link #createThrottler()}. Every test uses keys with a
 * random prefix, so one shared backend (a Redis server) may serve all tests and other users at
 * once.
 *
 * <p>Time: a throttler on a controllable clock overrides {@link #advance(Duration)} to move that
 * clock and return true; the window-sliding tests then step time exactly. A throttler on real time
 * (Redis uses the server's clock) keeps the default, which returns false; the sliding tests then
 * use short windows and wait with bounded polls.
 *
 * <pre>{@code
 * class InMemoryThrottlerTest extends ThrottlerContract {
 *   final SettableClock clock = SettableClock.of(Instant.parse("2026-01-01T00:00:00Z"));
 *   protected Throttler createThrottler() { return new InMemoryThrottler(clock); }
 *   protected boolean advance(Duration d) { clock.advance(d); return true; }
 * }
 * }</pre>
 */
public abstract class ThrottlerContract {
  private static final Duration HOUR = Duration.ofHours(1);

  /** The throttler under test. */
  protected Throttler throttler;

  private String prefix;

  /** The throttler to test. Called once before each test. */
  protected abstract Throttler createThrottler();

  /** Releases the throttler after each test. The default does nothing. */
  protected void closeThrottler(Throttler throttler) throws Exception {}

  /**
   * Moves the throttler's clock forward by {@code duration} and returns true; returns false (the
   * default) when the throttler runs on real time and cannot be moved.
   */
  protected boolean advance(Duration duration) {
    return false;
  }

  @BeforeEach
  final void setUpThrottler() {
    throttler = createThrottler();
    prefix = "contract:" + UUID.randomUUID() + ":";
  }

  @AfterEach
  final void tearDownThrottler() throws Exception {
    closeThrottler(throttler);
  }

  private ThrottlePermit permit(String key, int limit, Duration window) {
    return new ThrottlePermit(prefix + key, limit, window);
  }

  private ThrottleDecision take(ThrottlePermit... permits) {
    return throttler.tryAcquire(List.of(permits));
  }

  @Test
  void allows_up_to_the_limit_then_refuses_with_a_wait_within_the_window() {
    ThrottlePermit p = permit("k", 3, HOUR);
    for (int i = 0; i < 3; i++) {
      assertThat(take(p)).isEqualTo(ThrottleDecision.allow());
    }

    ThrottleDecision refused = take(p);

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(HOUR);
  }

  @Test
  void an_empty_permit_list_is_allowed() {
    assertThat(throttler.tryAcquire(List.of()).allowed()).isTrue();
  }

  @Test
  void keys_are_counted_independently() {
    ThrottlePermit a = permit("a", 1, HOUR);
    ThrottlePermit b = permit("b", 1, HOUR);

    assertThat(take(a).allowed()).isTrue();
    assertThat(take(b).allowed()).isTrue();
    assertThat(take(a).allowed()).isFalse();
    assertThat(take(b).allowed()).isFalse();
    assertThat(take(permit("c", 1, HOUR)).allowed()).isTrue();
  }

  @Test
  void several_permits_are_taken_all_or_nothing() {
    ThrottlePermit tenant = permit("tenant", 5, HOUR);
    ThrottlePermit user = permit("user", 1, HOUR);
    assertThat(take(tenant, user).allowed()).isTrue();

    ThrottleDecision refused = take(tenant, user);

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(HOUR);
    int left = 0;
    while (take(tenant).allowed()) {
      left++;
      assertThat(left).as("tenant slots left").isLessThanOrEqualTo(5);
    }
    assertThat(left).as("the refused call took no tenant slot").isEqualTo(4);
  }

  @Test
  void a_refusal_names_the_wait_of_the_full_window_not_of_the_others() {
    ThrottlePermit roomy = permit("roomy", 100, HOUR);
    ThrottlePermit full = permit("full", 1, Duration.ofSeconds(30));
    assertThat(take(full).allowed()).isTrue();

    ThrottleDecision refused = take(roomy, full);

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(30));
  }

  @Test
  @Timeout(60)
  void the_limit_holds_exactly_under_eight_concurrent_callers() throws Exception {
    ThrottlePermit p = permit("hot", 50, HOUR);
    ThrottlePermit shared = permit("shared", 1_000, HOUR);

    List<Integer> allowedPerThread =
        Checks.concurrently(
            8,
            () -> {
              int allowed = 0;
              for (int i = 0; i < 25; i++) {
                if (take(p, shared).allowed()) {
                  allowed++;
                }
              }
              return allowed;
            });

    assertThat(allowedPerThread.stream().mapToInt(Integer::intValue).sum()).isEqualTo(50);
    int sharedLeft = 0;
    while (sharedLeft <= 1_000 && take(shared).allowed()) {
      sharedLeft++;
    }
    assertThat(sharedLeft).as("refused calls took no slot of the other permit").isEqualTo(950);
  }

  @Test
  void with_a_controllable_clock_the_window_slides_instead_of_resetting() {
    ThrottlePermit p = permit("slide", 2, Duration.ofSeconds(60));
    assertThat(take(p).allowed()).isTrue(); // t = 0
    assumeTrue(advance(Duration.ofSeconds(40)), "the throttler runs on real time");
    assertThat(take(p).allowed()).isTrue(); // t = 40
    advance(Duration.ofSeconds(10));

    ThrottleDecision at50 = take(p);
    assertThat(at50.allowed()).isFalse();
    assertThat(at50.retryAfter())
        .as("the slot taken at t=0 frees at t=60")
        .isBetween(Duration.ofSeconds(10).minusMillis(1), Duration.ofSeconds(10));

    advance(Duration.ofSeconds(10)); // t = 60
    assertThat(take(p).allowed()).isTrue();
    ThrottleDecision at60 = take(p);
    assertThat(at60.allowed())
        .as("a fixed window would have reset at t=60; a sliding one still holds t=40")
        .isFalse();
    assertThat(at60.retryAfter())
        .isBetween(Duration.ofSeconds(40).minusMillis(1), Duration.ofSeconds(40));
  }

  @Test
  void with_a_controllable_clock_a_slot_frees_exactly_when_the_refusal_said() {
    ThrottlePermit p = permit("exact", 1, Duration.ofSeconds(30));
    assertThat(take(p).allowed()).isTrue();
    assumeTrue(advance(Duration.ofSeconds(12)), "the throttler runs on real time");

    Duration wait = take(p).retryAfter();
    assertThat(wait).isBetween(Duration.ofSeconds(18).minusMillis(1), Duration.ofSeconds(18));
    advance(wait.minusMillis(2));
    assertThat(take(p).allowed()).as("just before the slot frees").isFalse();
    advance(Duration.ofMillis(2));
    assertThat(take(p).allowed()).as("when the slot frees").isTrue();
  }

  @Test
  @Timeout(30)
  void on_real_time_a_slot_frees_after_about_one_window_and_not_before() {
    assumeFalse(advance(Duration.ZERO), "covered exactly by the controllable-clock tests");
    Duration window = Duration.ofMillis(1_200);
    ThrottlePermit p = permit("real", 2, window);
    long start = System.nanoTime();
    assertThat(take(p).allowed()).isTrue();
    assertThat(take(p).allowed()).isTrue();

    ThrottleDecision refused = take(p);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(window);

    List<Duration> waits = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(20))
        .until(
            () -> {
              ThrottleDecision d = take(p);
              if (!d.allowed()) {
                waits.add(d.retryAfter());
              }
              return d.allowed();
            });
    Duration elapsed = Duration.ofNanos(System.nanoTime() - start);

    assertThat(elapsed)
        .as("the window held its slots")
        .isGreaterThanOrEqualTo(window.minusMillis(100));
    assertThat(waits).allSatisfy(w -> assertThat(w).isPositive().isLessThanOrEqualTo(window));
    if (waits.size() > 1) {
      assertThat(waits.get(waits.size() - 1))
          .as("the wait shrinks as time passes")
          .isLessThan(waits.get(0));
    }
  }
}
