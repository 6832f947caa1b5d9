package dev.communicable.channel.push;

import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** Reading what HTTP providers say about when to come back. */
final class HttpAnswers {
  private HttpAnswers() {}

  /**
   * The {@code Retry-After} header as a duration from now: either delta-seconds or an HTTP date.
   * Empty when absent or unreadable.
   */
  static Optional<Duration> retryAfter(HttpResponse<?> response, Clock clock) {
    return response.headers().firstValue("Retry-After").flatMap(value -> parse(value, clock));
  }

  static Optional<Duration> parse(String value, Clock clock) {
    String text = value.trim();
    if (text.matches("\\d{1,9}")) {
      return Optional.of(Duration.ofSeconds(Long.parseLong(text)));
    }
    try {
      ZonedDateTime at = ZonedDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME);
      Duration wait = Duration.between(clock.instant(), at.toInstant());
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  /** True for statuses that may succeed later: 429 and every 5xx. */
  static boolean isTransient(int status) {
    return status == 429 || status >= 500;
  }

  /** The start of a response body, for a failure reason. */
  static String excerpt(String body) {
    if (body == null || body.isBlank()) {
      return "";
    }
    String flat = body.replaceAll("\\s+", " ").trim();
    return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
  }
}
