package dev.communicable.policy;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;

/**
 * When to try again after a retryable failure, and how often. Immutable; the {@code with...}
 * methods return changed copies.
 *
 * <p>The default, {@link #defaults()}, waits about 1 min, 5 min, then 30 min (four attempts in
 * all), each delay spread by ±20 % jitter so that a burst of failures does not retry in lock-step.
 *
 * <p>Every delay is positive and at most {@link #MAX_DELAY} (a retry further away than that is a
 * mistake, not a policy).
 */
public final class Retry {
  /** The longest delay any retry setting accepts: 30 days. */
  public static final Duration MAX_DELAY = Duration.ofDays(30);

  /** The most attempts any retry allows: 100. */
  public static final int MAX_ATTEMPTS = 100;

  private final @Nullable List<Duration> schedule;
  private final @Nullable Duration initial;
  private final double multiplier;
  private final @Nullable Duration maxDelay;
  private final int maxAttempts;
  private final double jitter;

  private Retry(
      @Nullable List<Duration> schedule,
      @Nullable Duration initial,
      double multiplier,
      @Nullable Duration maxDelay,
      int maxAttempts,
      double jitter) {
    this.schedule = schedule;
    this.initial = initial;
    this.multiplier = multiplier;
    this.maxDelay = maxDelay;
    this.maxAttempts = maxAttempts;
    this.jitter = jitter;
  }

  /** 1 min, 5 min, 30 min: four attempts in all, ±20 % jitter. */
  public static Retry defaults() {
    return schedule(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(30));
  }

  /** No retry: one attempt only. */
  public static Retry none() {
    return new Retry(List.of(), null, 1.0, null, 1, 0.0);
  }

  /**
   * Fixed delays before the 2nd, 3rd... attempts; the number of attempts is one more than the
   * number of delays. Jitter ±20 %.
   */
  public static Retry schedule(Duration... delays) {
    if (delays == null || delays.length == 0) {
      throw new InvalidRequestException("retry.schedule", "must name at least one delay");
    }
    if (delays.length >= MAX_ATTEMPTS) {
      throw new InvalidRequestException(
          "retry.schedule",
          "must name fewer than " + MAX_ATTEMPTS + " delays, was " + delays.length);
    }
    for (int i = 0; i < delays.length; i++) {
      requirePositive("retry.schedule[" + i + "]", delays[i]);
    }
    return new Retry(List.of(delays), null, 1.0, null, delays.length + 1, 0.2);
  }

  /**
   * Delays of {@code initial}, {@code initial * multiplier}, {@code initial * multiplier²}...,
   * capped at 1 hour (or at {@code initial}, if longer) by default; 4 attempts by default; ±20 %
   * jitter.
   *
   * @param initial the delay before the second attempt, positive
   * @param multiplier at least 1.0
   */
  public static Retry exponential(Duration initial, double multiplier) {
    requirePositive("retry.initial", initial);
    if (!(multiplier >= 1.0) || Double.isInfinite(multiplier)) {
      throw new InvalidRequestException(
          "retry.multiplier", "must be a finite number of at least 1.0, was " + multiplier);
    }
    Duration cap = initial.compareTo(Duration.ofHours(1)) > 0 ? initial : Duration.ofHours(1);
    return new Retry(null, initial, multiplier, cap, 4, 0.2);
  }

  /**
   * The most attempts in all, first included (at least 1). For a {@link #schedule} the last delay
   * repeats when there are more attempts than delays.
   */
  public Retry maxAttempts(int maxAttempts) {
    Arguments.positive("retry.maxAttempts", maxAttempts);
    if (maxAttempts > 1 && schedule != null && schedule.isEmpty()) {
      throw new InvalidRequestException(
          "retry.maxAttempts",
          "Retry.none() makes one attempt; use schedule(...) or exponential(...) to allow "
              + maxAttempts);
    }
    if (maxAttempts > MAX_ATTEMPTS) {
      throw new InvalidRequestException(
          "retry.maxAttempts", "must be at most " + MAX_ATTEMPTS + ", was " + maxAttempts);
    }
    return new Retry(schedule, initial, multiplier, maxDelay, maxAttempts, jitter);
  }

  /**
   * The longest delay an exponential retry may reach (default 1 hour); at least its initial delay.
   * Only for {@link #exponential}: a {@link #schedule} names its delays exactly.
   */
  public Retry maxDelay(Duration maxDelay) {
    requirePositive("retry.maxDelay", maxDelay);
    if (initial == null) {
      throw new InvalidRequestException(
          "retry.maxDelay", "applies to exponential retry only; a schedule names its delays");
    }
    if (maxDelay.compareTo(initial) < 0) {
      throw new InvalidRequestException(
          "retry.maxDelay", "must be at least the initial delay " + initial + ", was " + maxDelay);
    }
    return new Retry(schedule, initial, multiplier, maxDelay, maxAttempts, jitter);
  }

  /**
   * How far each delay is spread at random, as a fraction: 0.2 (the default) gives delays between
   * 80 % and 120 % of the nominal one; 0 disables jitter. Below 1.0, so that no delay shrinks to
   * nothing.
   */
  public Retry jitter(double fraction) {
    if (!(fraction >= 0.0 && fraction < 1.0)) {
      throw new InvalidRequestException(
          "retry.jitter", "must be at least 0.0 and below 1.0, was " + fraction);
    }
    return new Retry(schedule, initial, multiplier, maxDelay, maxAttempts, fraction);
  }

  /** The most attempts in all, first included. */
  public int maxAttempts() {
    return maxAttempts;
  }

  /** True when another attempt is allowed after {@code attemptsMade} attempts. */
  public boolean allowsAnotherAfter(int attemptsMade) {
    return attemptsMade < maxAttempts;
  }

  /** The nominal delay (without jitter) after {@code attemptsMade} failed attempts (1 or more). */
  public Duration nominalDelay(int attemptsMade) {
    if (attemptsMade < 1) {
      throw new IllegalArgumentException("attemptsMade must be at least 1, was " + attemptsMade);
    }
    if (schedule != null) {
      if (schedule.isEmpty()) {
        return Duration.ZERO;
      }
      return schedule.get(Math.min(attemptsMade, schedule.size()) - 1);
    }
    double nanos = initial.toNanos() * Math.pow(multiplier, attemptsMade - 1);
    return nanos >= maxDelay.toNanos() ? maxDelay : Duration.ofNanos((long) nanos);
  }

  /**
   * The delay after {@code attemptsMade} failed attempts, with jitter drawn from {@code random}.
   */
  public Duration delay(int attemptsMade, RandomGenerator random) {
    Objects.requireNonNull(random, "random");
    Duration nominal = nominalDelay(attemptsMade);
    if (jitter == 0.0 || nominal.isZero()) {
      return nominal;
    }
    double factor = 1.0 + jitter * (2.0 * random.nextDouble() - 1.0);
    return Duration.ofNanos(Math.round(nominal.toNanos() * factor));
  }

  /** The jitter fraction (0.2 unless set). */
  public double jitter() {
    return jitter;
  }

  private static void requirePositive(String field, Duration value) {
    Arguments.positive(field, value);
    Arguments.check(
        value.compareTo(MAX_DELAY) <= 0, field, "must be at most " + MAX_DELAY + ", was " + value);
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Retry r
        && Objects.equals(schedule, r.schedule)
        && Objects.equals(initial, r.initial)
        && Double.compare(multiplier, r.multiplier) == 0
        && Objects.equals(maxDelay, r.maxDelay)
        && maxAttempts == r.maxAttempts
        && Double.compare(jitter, r.jitter) == 0;
  }

  @Override
  public int hashCode() {
    return Objects.hash(schedule, initial, multiplier, maxDelay, maxAttempts, jitter);
  }

  @Override
  public String toString() {
    return schedule != null
        ? "Retry[schedule=" + schedule + ", maxAttempts=" + maxAttempts + ", jitter=" + jitter + "]"
        : "Retry[initial="
            + initial
            + ", multiplier="
            + multiplier
            + ", maxDelay="
            + maxDelay
            + ", maxAttempts="
            + maxAttempts
            + ", jitter="
            + jitter
            + "]";
  }
}
