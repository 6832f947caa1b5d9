package dev.communicable.memory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.spi.ThrottleDecision;
import dev.communicable.spi.ThrottlePermit;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class InMemoryThrottlerTest {
  private final SettableClock clock = SettableClock.of(Instant.parse("2026-03-01T10:00:00Z"));
  private final InMemoryThrottler throttler = new InMemoryThrottler(clock);
  private static final Duration MINUTE = Duration.ofMinutes(1);

  private ThrottleDecision take(String key, int limit) {
    return throttler.tryAcquire(List.of(new ThrottlePermit(key, limit, MINUTE)));
  }

  @Test
  void the_window_slides_rather_than_resetting_on_a_boundary() {
    assertThat(take("k", 2).allowed()).isTrue(); // t = 0
    clock.advance(Duration.ofSeconds(40));
    assertThat(take("k", 2).allowed()).isTrue(); // t = 40
    clock.advance(Duration.ofSeconds(10));
    ThrottleDecision refused = take("k", 2); // t = 50: the slot of t = 0 frees at t = 60
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(10));
    clock.advance(Duration.ofSeconds(10));
    assertThat(take("k", 2).allowed()).isTrue(); // t = 60
    ThrottleDecision next = take("k", 2); // the slot of t = 40 frees at t = 100
    assertThat(next.allowed()).isFalse();
    assertThat(next.retryAfter()).isEqualTo(Duration.ofSeconds(40));
  }

  @Test
  void several_permits_are_taken_all_or_nothing() {
    ThrottlePermit wide = new ThrottlePermit("tenant", 10, MINUTE);
    ThrottlePermit narrow = new ThrottlePermit("user", 1, MINUTE);
    assertThat(throttler.tryAcquire(List.of(wide, narrow)).allowed()).isTrue();
    assertThat(throttler.tryAcquire(List.of(wide, narrow)).allowed()).isFalse();
    // the refusal took nothing from the wide window: 9 slots are left
    for (int i = 0; i < 9; i++) {
      assertThat(throttler.tryAcquire(List.of(wide)).allowed()).isTrue();
    }
    assertThat(throttler.tryAcquire(List.of(wide)).allowed()).isFalse();
  }

  @Test
  void permits_sharing_a_key_each_take_a_slot() {
    ThrottlePermit p = new ThrottlePermit("k", 3, MINUTE);
    assertThat(throttler.tryAcquire(List.of(p, p)).allowed()).isTrue();
    ThrottleDecision refused = throttler.tryAcquire(List.of(p, p));
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isEqualTo(MINUTE);
    assertThat(throttler.tryAcquire(List.of(p)).allowed()).isTrue();
  }

  @Test
  void keys_whose_windows_emptied_are_forgotten_and_the_key_count_is_capped() {
    InMemoryThrottler small = new InMemoryThrottler(clock, 3);
    for (int i = 0; i < 10; i++) {
      small.tryAcquire(List.of(new ThrottlePermit("k" + i, 1, MINUTE)));
    }
    assertThat(small.trackedKeys()).isEqualTo(3);
    clock.advance(Duration.ofMinutes(2));
    small.tryAcquire(List.of(new ThrottlePermit("fresh", 1, MINUTE)));
    assertThat(small.trackedKeys()).isEqualTo(1);
  }

  @Test
  void a_clock_going_backwards_never_asks_to_wait_longer_than_the_window() {
    assertThat(take("k", 1).allowed()).isTrue();
    clock.advance(Duration.ofSeconds(-30));
    ThrottleDecision refused = take("k", 1);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isEqualTo(MINUTE);
  }
}
