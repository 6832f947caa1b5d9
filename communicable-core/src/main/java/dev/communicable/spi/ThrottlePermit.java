package dev.communicable.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * One sliding-window limit to take a slot from: at most {@code limit} acquisitions under {@code
 * key} within any {@code window}.
 *
 * @param key what is limited, such as {@code "t:acme:c:sms:r:user-42"}
 * @param limit the most acquisitions per window, at least 1
 * @param window the window's length, positive
 */
public record ThrottlePermit(String key, int limit, Duration window) {
  public ThrottlePermit {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(window, "window");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1, was " + limit);
    }
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("window must be positive, was " + window);
    }
  }
}
