package dev.communicable.channel.support;

import dev.communicable.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The checks shared by the readers of a provider's signed callbacks (delivery receipts, event
 * webhooks): a signing timestamp within a tolerance of the receiver's clock, and a signature
 * compared in constant time. Each failure is an {@link InvalidRequestException} naming the field
 * that carried the bad value; no message shows a secret or an expected signature.
 */
public final class SignedRequests {
  /** The tolerance the readers use unless told otherwise: five minutes either way. */
  public static final Duration DEFAULT_TOLERANCE = Duration.ofMinutes(5);

  private SignedRequests() {}

  /**
   * The timestamp {@code value} (whole seconds since the epoch, as sent), checked to lie within
   * {@code tolerance} of {@code clock}'s time, before or after.
   *
   * @throws InvalidRequestException on {@code field} when the value is missing, not whole seconds,
   *     older than the tolerance (a replay, or a callback held too long) or further ahead than it
   */
  public static long freshTimestamp(
      String field, @Nullable String value, Clock clock, Duration tolerance) {
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(tolerance, "tolerance");
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field, "is missing");
    }
    long seconds;
    try {
      seconds = Long.parseLong(value.strip());
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(
          field, "must be whole seconds since the epoch, was '" + shorten(value) + "'");
    }
    long now = clock.instant().getEpochSecond();
    long limit = tolerance.getSeconds();
    if (seconds < now - limit) {
      throw new InvalidRequestException(
          field, (now - seconds) + " s old, more than the tolerance of " + limit + " s");
    }
    if (seconds > now + limit) {
      throw new InvalidRequestException(
          field, (seconds - now) + " s in the future, more than the tolerance of " + limit + " s");
    }
    return seconds;
  }

  /**
   * True when {@code offered} spells the same hexadecimal digits as {@code expected}, in either
   * case, compared in time that does not depend on where they differ. A null or blank {@code
   * offered} is false.
   */
  public static boolean hexEquals(String expected, @Nullable String offered) {
    Objects.requireNonNull(expected, "expected");
    if (offered == null || offered.isBlank()) {
      return false;
    }
    byte[] a = expected.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    byte[] b = offered.strip().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(a, b);
  }

  /** The first 40 characters of a value for an error message, with control characters dropped. */
  public static String shorten(String value) {
    String clean = value.replaceAll("\\p{Cntrl}", "");
    return clean.length() <= 40 ? clean : clean.substring(0, 40) + "...";
  }
}
