package dev.communicable.channel.sms.internal;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.sms.PhoneNumbers;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Pattern;

/** Value checks shared by the SMS configs. */
public final class Checks {
  private static final Pattern ALPHANUMERIC_SENDER =
      Pattern.compile("(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}");
  private static final Pattern SHORT_CODE = Pattern.compile("[0-9]{3,8}");

  private Checks() {}

  /** A strictly positive duration. */
  public static Duration positive(String field, Duration value) {
    if (value == null || value.isZero() || value.isNegative()) {
      throw new InvalidRequestException(field, "must be a positive duration, was " + value);
    }
    return value;
  }

  /** A non-blank secret; the message never shows it. */
  public static String secret(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field, "must not be blank");
    }
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < 0x21 || value.charAt(i) == 0x7f) {
        throw new InvalidRequestException(field, "must not contain spaces or control characters");
      }
    }
    return value;
  }

  /**
   * A sender: an E.164 number (normalized), a short code of 3 to 8 digits, or an alphanumeric
   * sender id of 1 to 11 letters, digits and spaces with at least one letter.
   */
  public static String sender(String field, String value) {
    if (value != null && value.startsWith("+")) {
      return PhoneNumbers.toE164(field, value);
    }
    if (value == null
        || !(ALPHANUMERIC_SENDER.matcher(value).matches() || SHORT_CODE.matcher(value).matches())) {
      throw new InvalidRequestException(
          field,
          "must be an E.164 number, a short code or an alphanumeric sender id of at most 11"
              + " characters, was '"
              + value
              + "'");
    }
    return value;
  }

  /** An absolute http(s) URL without query or fragment; a trailing '/' is dropped. */
  public static URI baseUrl(String field, String value) {
    URI uri = url(field, value);
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw new InvalidRequestException(
          field, "must be an absolute http(s) URL without query, was '" + value + "'");
    }
    return URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
  }

  /** An absolute http(s) URL. */
  public static URI url(String field, String value) {
    if (value == null) {
      throw new InvalidRequestException(field, "must be an http(s) URL, was null");
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        throw new InvalidRequestException(
            field, "must be an absolute http(s) URL, was '" + value + "'");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new InvalidRequestException(field, "must be an http(s) URL, was '" + value + "'");
    }
  }

  /** At least 1 and at most {@code max}. */
  public static int segments(String field, int value, int max) {
    if (value < 1 || value > max) {
      throw new InvalidRequestException(field, "must be 1 to " + max + ", was " + value);
    }
    return value;
  }

  /** "abcd****" for a secret: enough to tell keys apart, never enough to use one. */
  public static String mask(String secret) {
    if (secret == null) {
      return null;
    }
    return secret.length() <= 8 ? "****" : secret.substring(0, 4) + "****";
  }
}
