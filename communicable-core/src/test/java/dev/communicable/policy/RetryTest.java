package dev.communicable.policy;

import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static java.time.Duration.ofSeconds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class RetryTest {

  /** A generator whose nextDouble is always {@code value}. */
  private static RandomGenerator fixed(double value) {
    return new RandomGenerator() {
      @Override
      public long nextLong() {
        throw new UnsupportedOperationException();
      }

      @Override
      public double nextDouble() {
        return value;
      }
    };
  }

  @Nested
  @DisplayName("defaults")
  class Defaults {
    private final Retry retry = Retry.defaults();

    @Test
    void waits_one_then_five_then_thirty_minutes_for_four_attempts_in_all() {
      assertThat(retry.nominalDelay(1)).isEqualTo(ofMinutes(1));
      assertThat(retry.nominalDelay(2)).isEqualTo(ofMinutes(5));
      assertThat(retry.nominalDelay(3)).isEqualTo(ofMinutes(30));
      assertThat(retry.maxAttempts()).isEqualTo(4);
      assertThat(retry.jitter()).isEqualTo(0.2);
    }

    @Test
    void allows_another_attempt_until_the_fourth() {
      assertThat(retry.allowsAnotherAfter(1)).isTrue();
      assertThat(retry.allowsAnotherAfter(3)).isTrue();
      assertThat(retry.allowsAnotherAfter(4)).isFalse();
    }

    @Test
    void none_makes_a_single_attempt() {
      assertThat(Retry.none().maxAttempts()).isEqualTo(1);
      assertThat(Retry.none().allowsAnotherAfter(1)).isFalse();
    }
  }

  @Nested
  @DisplayName("exponential")
  class Exponential {
    @Test
    void multiplies_each_delay_and_caps_at_one_hour() {
      Retry retry = Retry.exponential(ofMinutes(1), 5.0).maxAttempts(6);
      assertThat(retry.nominalDelay(1)).isEqualTo(ofMinutes(1));
      assertThat(retry.nominalDelay(2)).isEqualTo(ofMinutes(5));
      assertThat(retry.nominalDelay(3)).isEqualTo(ofMinutes(25));
      assertThat(retry.nominalDelay(4)).isEqualTo(ofHours(1));
      assertThat(retry.nominalDelay(5)).isEqualTo(ofHours(1));
      assertThat(retry.maxAttempts()).isEqualTo(6);
    }

    @Test
    void defaults_to_four_attempts() {
      assertThat(Retry.exponential(ofSeconds(10), 2.0).maxAttempts()).isEqualTo(4);
    }

    @Test
    void honours_a_custom_max_delay() {
      Retry retry = Retry.exponential(ofSeconds(10), 2.0).maxDelay(ofSeconds(30)).maxAttempts(10);
      assertThat(retry.nominalDelay(2)).isEqualTo(ofSeconds(20));
      assertThat(retry.nominalDelay(3)).isEqualTo(ofSeconds(30));
      assertThat(retry.nominalDelay(9)).isEqualTo(ofSeconds(30));
    }

    @Test
    void an_initial_delay_above_one_hour_is_not_cut_by_the_default_cap() {
      assertThat(Retry.exponential(ofHours(2), 2.0).nominalDelay(1)).isEqualTo(ofHours(2));
    }

    @Test
    void keeps_sub_millisecond_precision_and_never_overflows() {
      Retry retry = Retry.exponential(Duration.ofNanos(500_000), 1.5).maxAttempts(100);
      assertThat(retry.nominalDelay(2)).isEqualTo(Duration.ofNanos(750_000));
      assertThat(retry.nominalDelay(99)).isEqualTo(ofHours(1));
    }

    @Test
    void a_multiplier_of_one_gives_constant_delays() {
      Retry retry = Retry.exponential(ofSeconds(7), 1.0);
      assertThat(retry.nominalDelay(3)).isEqualTo(ofSeconds(7));
    }
  }

  @Nested
  @DisplayName("schedule")
  class Schedule {
    @Test
    void allows_one_more_attempt_than_delays() {
      assertThat(Retry.schedule(ofSeconds(1), ofSeconds(2)).maxAttempts()).isEqualTo(3);
    }

    @Test
    void repeats_its_last_delay_when_allowed_more_attempts() {
      Retry retry = Retry.schedule(ofSeconds(1), ofSeconds(2)).maxAttempts(5);
      assertThat(retry.nominalDelay(1)).isEqualTo(ofSeconds(1));
      assertThat(retry.nominalDelay(2)).isEqualTo(ofSeconds(2));
      assertThat(retry.nominalDelay(4)).isEqualTo(ofSeconds(2));
    }
  }

  @Nested
  @DisplayName("jitter")
  class Jitter {
    @Test
    void spreads_each_delay_within_twenty_percent_by_default() {
      Retry retry = Retry.defaults();
      RandomGenerator random = new SplittableRandom(42);
      for (int i = 0; i < 10_000; i++) {
        Duration d = retry.delay(2, random);
        assertThat(d).isBetween(ofMinutes(4), ofMinutes(6));
      }
    }

    @Test
    void reaches_both_ends_of_its_range() {
      Retry retry = Retry.defaults();
      assertThat(retry.delay(1, fixed(0.0))).isEqualTo(ofSeconds(48));
      assertThat(retry.delay(1, fixed(0.5))).isEqualTo(ofSeconds(60));
      assertThat(retry.delay(1, fixed(Math.nextDown(1.0)))).isBetween(ofSeconds(71), ofSeconds(72));
    }

    @Test
    void actually_varies() {
      Retry retry = Retry.defaults();
      RandomGenerator random = new SplittableRandom(7);
      assertThat(
              java.util.stream.IntStream.range(0, 50)
                  .mapToObj(i -> retry.delay(1, random))
                  .distinct()
                  .count())
          .isGreaterThan(40);
    }

    @Test
    void a_custom_fraction_sets_the_bounds() {
      Retry retry = Retry.exponential(ofSeconds(100), 2.0).jitter(0.5);
      assertThat(retry.delay(1, fixed(0.0))).isEqualTo(ofSeconds(50));
      assertThat(retry.delay(1, fixed(Math.nextDown(1.0)))).isLessThanOrEqualTo(ofSeconds(150));
    }

    @Test
    void zero_jitter_gives_the_nominal_delay() {
      Retry retry = Retry.defaults().jitter(0.0);
      assertThat(retry.delay(3, new SplittableRandom(1))).isEqualTo(ofMinutes(30));
    }
  }

  @Nested
  @DisplayName("bad values are rejected naming the field")
  class BadValues {
    @Test
    void exponential_initial_must_be_positive_and_bounded() {
      assertField(() -> Retry.exponential(null, 2.0), "retry.initial");
      assertField(() -> Retry.exponential(Duration.ZERO, 2.0), "retry.initial");
      assertField(() -> Retry.exponential(ofSeconds(-1), 2.0), "retry.initial");
      assertField(() -> Retry.exponential(Duration.ofDays(31), 2.0), "retry.initial");
    }

    @Test
    void exponential_multiplier_must_be_finite_and_at_least_one() {
      assertField(() -> Retry.exponential(ofSeconds(1), 0.5), "retry.multiplier");
      assertField(() -> Retry.exponential(ofSeconds(1), Double.NaN), "retry.multiplier");
      assertField(
          () -> Retry.exponential(ofSeconds(1), Double.POSITIVE_INFINITY), "retry.multiplier");
    }

    @Test
    void schedule_must_name_positive_delays() {
      assertField(() -> Retry.schedule(), "retry.schedule");
      assertField(() -> Retry.schedule((Duration[]) null), "retry.schedule");
      assertField(() -> Retry.schedule(ofSeconds(1), null), "retry.schedule[1]");
      assertField(() -> Retry.schedule(ofSeconds(1), ofSeconds(-5)), "retry.schedule[1]");
      assertField(() -> Retry.schedule(new Duration[100]), "retry.schedule");
    }

    @Test
    void max_attempts_must_be_between_one_and_the_ceiling() {
      assertField(() -> Retry.defaults().maxAttempts(0), "retry.maxAttempts");
      assertField(() -> Retry.defaults().maxAttempts(-3), "retry.maxAttempts");
      assertField(() -> Retry.defaults().maxAttempts(Retry.MAX_ATTEMPTS + 1), "retry.maxAttempts");
      assertThat(Retry.defaults().maxAttempts(Retry.MAX_ATTEMPTS).maxAttempts()).isEqualTo(100);
    }

    @Test
    void none_cannot_be_given_more_attempts() {
      assertThatThrownBy(() -> Retry.none().maxAttempts(3))
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> {
                assertThat(e.field()).isEqualTo("retry.maxAttempts");
                assertThat(e.problem()).contains("none()");
              });
      assertThat(Retry.none().maxAttempts(1)).isEqualTo(Retry.none());
    }

    @Test
    void max_delay_must_be_positive_no_shorter_than_initial_and_exponential_only() {
      assertField(
          () -> Retry.exponential(ofMinutes(1), 2.0).maxDelay(Duration.ZERO), "retry.maxDelay");
      assertField(
          () -> Retry.exponential(ofMinutes(1), 2.0).maxDelay(ofSeconds(30)), "retry.maxDelay");
      assertField(() -> Retry.defaults().maxDelay(ofHours(2)), "retry.maxDelay");
    }

    @Test
    void jitter_must_be_a_fraction_below_one() {
      assertField(() -> Retry.defaults().jitter(-0.1), "retry.jitter");
      assertField(() -> Retry.defaults().jitter(1.0), "retry.jitter");
      assertField(() -> Retry.defaults().jitter(Double.NaN), "retry.jitter");
    }

    @Test
    void messages_name_the_field_and_the_value() {
      assertThatThrownBy(() -> Retry.defaults().maxAttempts(0))
          .hasMessage("retry.maxAttempts: must be at least 1, was 0");
    }

    @Test
    void asking_for_the_delay_before_any_attempt_is_a_programming_error() {
      assertThatThrownBy(() -> Retry.defaults().nominalDelay(0))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void is_an_immutable_value() {
    Retry base = Retry.exponential(ofSeconds(10), 2.0);
    Retry changed = base.maxAttempts(8).jitter(0.1);
    assertThat(base.maxAttempts()).isEqualTo(4);
    assertThat(base.jitter()).isEqualTo(0.2);
    assertThat(changed).isEqualTo(Retry.exponential(ofSeconds(10), 2.0).jitter(0.1).maxAttempts(8));
    assertThat(changed.hashCode())
        .isEqualTo(Retry.exponential(ofSeconds(10), 2.0).jitter(0.1).maxAttempts(8).hashCode());
    assertThat(changed).isNotEqualTo(base);
  }

  private static void assertField(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
