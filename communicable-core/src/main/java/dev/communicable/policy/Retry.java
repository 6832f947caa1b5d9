package dev.communicable.policy;

import dev.communicable.InvalidRequestException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * When to try again after a retryable failure, and how often. Immutable; the {@code with...}
 * methods return changed copies.
 *
 * <p>The default, {@link #defaults()}, waits about 1 min, 5 min, then 30 min (four attempts in
 * all), each delay spread by ±20 % jitter so that a burst of failures does not retry in lock-step.
 */
public final class Retry {
  private final List<Duration> schedule;
  private final Duration initial;
  private final double multiplier;
  private final Duration maxDelay;
  private final int maxAttempts;
  private final double jitter;

  private Retry(
      List<Duration> schedule,
      Duration initial,
      double multiplier,
      Duration maxDelay,
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
    for (int i = 0; i < delays.length; i++) {
      requirePositive("retry.schedule[" + i + "]", delays[i]);
    }
    return new Retry(List.of(delays), null, 1.0, null, delays.length + 1, 0.2);
  }

  /**
   * Delays of {@code initial}, {@code initial * multiplier}, {@code initial * multiplier²}...,
   * capped at 1 hour by default; 4 attempts by default; ±20 % jitter.
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
    return new Retry(null, initial, multiplier, Duration.ofHours(1), 4, 0.2);
  }

  /**
   * The most attempts in all, first included (at least 1). For a {@link #schedule} the last delay
   * repeats when there are more attempts than delays.
   */
  public Retry maxAttempts(int maxAttempts) {
    if (maxAttempts < 1) {
      throw new InvalidRequestException(
          "retry.maxAttempts", "must be at least 1, was " + maxAttempts);
    }
    return new Retry(schedule, initial, multiplier, maxDelay, maxAttempts, jitter);
  }

  /** The longest delay an exponential retry may reach (default 1 hour). */
  public Retry maxDelay(Duration maxDelay) {
    requirePositive("retry.maxDelay", maxDelay);
    return new Retry(schedule, initial, multiplier, maxDelay, maxAttempts, jitter);
  }

  /**
   * How far each delay is spread at random, as a fraction: 0.2 (the default) gives delays between
   * 80 % and 120 % of the nominal one; 0 disables jitter.
   */
  public Retry jitter(double fraction) {
    if (!(fraction >= 0.0 && fraction <= 1.0)) {
      throw new InvalidRequestException(
          "retry.jitter", "must be between 0.0 and 1.0, was " + fraction);
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
    double millis = initial.toMillis() * Math.pow(multiplier, attemptsMade - 1);
    return millis >= maxDelay.toMillis() ? maxDelay : Duration.ofMillis((long) millis);
  }

  /**
   * The delay after {@code attemptsMade} failed attempts, with jitter drawn from {@code random}.
   */
  public Duration delay(int attemptsMade, RandomGenerator random) {
    Duration nominal = nominalDelay(attemptsMade);
    if (jitter == 0.0 || nominal.isZero()) {
      return nominal;
    }
    double factor = 1.0 + jitter * (2.0 * random.nextDouble() - 1.0);
    return Duration.ofMillis(Math.round(nominal.toMillis() * factor));
  }

  private static void requirePositive(String field, Duration value) {
    Objects.requireNonNull(field);
    if (value == null) {
      throw new InvalidRequestException(field, "must not be null");
    }
    if (value.isNegative() || value.isZero()) {
      throw new InvalidRequestException(field, "must be positive, was " + value);
    }
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
