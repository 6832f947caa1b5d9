package dev.communicable.channel.webhook.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reads an HTTP {@code Retry-After} header: delay-seconds or an HTTP-date (RFC 9110). */
public final class RetryAfter {
  /** Longest wait honoured; a provider asking for more is capped, not obeyed blindly. */
  public static final Duration MAX = Duration.ofDays(1);

  private RetryAfter() {}

  /**
   * The wait the header asks for, measured from {@code clock} for a date; empty when the header is
   * absent or unreadable. A date in the past gives zero.
   */
  public static Optional<Duration> parse(Optional<String> header, Clock clock) {
    if (header.isEmpty() || header.get().isBlank()) {
      return Optional.empty();
    }
    String value = header.get().strip();
    if (value.chars().allMatch(Character::isDigit)) {
      try {
        return Optional.of(cap(Duration.ofSeconds(Long.parseLong(value))));
      } catch (NumberFormatException e) {
        return Optional.of(MAX);
      }
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration wait = Duration.between(clock.instant(), at.toInstant());
      return Optional.of(cap(wait.isNegative() ? Duration.ZERO : wait));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** A wait in (possibly fractional) seconds, as Discord's {@code retry_after}. */
  public static Optional<Duration> ofSeconds(double seconds) {
    if (Double.isNaN(seconds) || seconds < 0) {
      return Optional.empty();
    }
    if (seconds > MAX.getSeconds()) {
      return Optional.of(MAX);
    }
    return Optional.of(Duration.ofMillis((long) Math.ceil(seconds * 1000)));
  }

  private static Duration cap(Duration wait) {
    return wait.compareTo(MAX) > 0 ? MAX : wait;
  }
}
