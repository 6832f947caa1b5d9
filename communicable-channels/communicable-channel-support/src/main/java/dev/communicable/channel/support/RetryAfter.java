package dev.communicable.channel.support;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Reads how long a provider asks to be left alone: an HTTP {@code Retry-After} value, either
 * delta-seconds ({@code 120}) or an HTTP-date ({@code Sat, 01 Mar 2025 12:05:00 GMT}, RFC 9110
 * section 10.2.3) measured against an injected {@link Clock}. Waits longer than {@link #MAX} are
 * capped: a provider asking for more is not obeyed blindly.
 */
public final class RetryAfter {
  /** The longest wait honoured: one day. */
  public static final Duration MAX = Duration.ofDays(1);

  private RetryAfter() {}

  /**
   * The wait {@code value} asks for; a date in the past gives zero. Empty when {@code value} is
   * null, blank or neither form (a negative number, a word).
   */
  public static Optional<Duration> parse(@Nullable String value, Clock clock) {
    if (value == null || value.isBlank()) {
      return Optional.empty();
    }
    String text = value.strip();
    if (text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      // More digits than a long holds is still "a very long time".
      return Optional.of(text.length() > 12 ? MAX : cap(Duration.ofSeconds(Long.parseLong(text))));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration wait = Duration.between(clock.instant(), at.toInstant());
      return Optional.of(cap(wait.isNegative() ? Duration.ZERO : wait));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /**
   * The wait the first {@code Retry-After} header in {@code headers} asks for; see {@link #parse}.
   */
  public static Optional<Duration> of(HttpHeaders headers, Clock clock) {
    return headers.firstValue("Retry-After").flatMap(value -> parse(value, clock));
  }

  /**
   * A wait given in (possibly fractional) seconds in a response body, such as Discord's {@code
   * retry_after}, rounded up to the millisecond and capped; empty for a negative or NaN value.
   */
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
