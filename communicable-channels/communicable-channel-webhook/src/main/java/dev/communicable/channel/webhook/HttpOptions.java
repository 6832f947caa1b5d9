package dev.communicable.channel.webhook;

import dev.communicable.InvalidRequestException;
import java.time.Duration;
import java.util.Objects;

/** Checks shared by the webhook and chat configuration builders. */
final class HttpOptions {
  static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);
  static final int MAX_REDIRECTS = 10;

  private HttpOptions() {}

  static Duration timeout(String field, Duration value) {
    Objects.requireNonNull(value, field);
    if (value.compareTo(Duration.ofMillis(1)) < 0 || value.compareTo(MAX_TIMEOUT) > 0) {
      throw new InvalidRequestException(field, "must be between 1 ms and 5 minutes, was " + value);
    }
    return value;
  }

  static int redirects(int hops) {
    if (hops < 0 || hops > MAX_REDIRECTS) {
      throw new InvalidRequestException(
          "followRedirects", "must be 0 to " + MAX_REDIRECTS + " hops, was " + hops);
    }
    return hops;
  }

  static String userAgent(String value) {
    if (value == null || value.isBlank() || value.chars().anyMatch(c -> c < 0x20 || c > 0x7e)) {
      throw new InvalidRequestException(
          "userAgent", "must be printable ASCII and not blank, was '" + value + "'");
    }
    return value;
  }
}
