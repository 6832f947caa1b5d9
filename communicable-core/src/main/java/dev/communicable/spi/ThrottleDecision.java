package dev.communicable.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * The answer of a {@link Throttler}.
 *
 * @param allowed true when every permit was taken
 * @param retryAfter when refused, how long until the first refused window has a free slot; zero
 *     when allowed
 */
public record ThrottleDecision(boolean allowed, Duration retryAfter) {
  private static final ThrottleDecision ALLOWED = new ThrottleDecision(true, Duration.ZERO);

  public ThrottleDecision {
    Objects.requireNonNull(retryAfter, "retryAfter");
  }

  public static ThrottleDecision allow() {
    return ALLOWED;
  }

  public static ThrottleDecision refuse(Duration retryAfter) {
    return new ThrottleDecision(false, retryAfter);
  }
}
