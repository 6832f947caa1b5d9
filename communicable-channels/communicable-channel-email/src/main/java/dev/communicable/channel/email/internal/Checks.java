package dev.communicable.channel.email.internal;

import dev.communicable.InvalidRequestException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

/** Value checks shared by the email configs and message parsing. */
public final class Checks {
  private Checks() {}

  /** At most this many characters in an address (RFC 5321 path limit). */
  static final int MAX_ADDRESS_LENGTH = 254;

  /**
   * A bare email address such as {@code ada@example.com}: no display name, no control characters.
   *
   * @throws InvalidRequestException naming {@code field}
   */
  public static InternetAddress address(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field, "must be an email address, was '" + value + "'");
    }
    if (hasControl(value)) {
      throw new InvalidRequestException(
          field,
          "must not contain CR, LF or other control characters, was '" + visible(value) + "'");
    }
    if (value.length() > MAX_ADDRESS_LENGTH) {
      throw new InvalidRequestException(
          field, "must be at most " + MAX_ADDRESS_LENGTH + " characters, was " + value.length());
    }
    InternetAddress parsed;
    try {
      parsed = new InternetAddress(value, true);
    } catch (AddressException e) {
      throw new InvalidRequestException(
          field, "not a valid email address (" + e.getMessage() + "), was '" + value + "'");
    }
    String bare = parsed.getAddress();
    int at = bare.lastIndexOf('@');
    if (parsed.getPersonal() != null
        || !bare.equals(value.trim())
        || at <= 0
        || at == bare.length() - 1
        || bare.chars().anyMatch(Character::isWhitespace)) {
      throw new InvalidRequestException(
          field, "not a valid email address (expected local@domain), was '" + value + "'");
    }
    return parsed;
  }

  /** A display name for a From header: no control characters, at most 200 characters. */
  public static String displayName(String field, String value) {
    if (value == null) {
      return null;
    }
    if (hasControl(value) || value.length() > 200) {
      throw new InvalidRequestException(
          field,
          "must be at most 200 characters without control characters, was '"
              + visible(value)
              + "'");
    }
    return value;
  }

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
    if (hasControl(value)) {
      throw new InvalidRequestException(field, "must not contain control characters");
    }
    return value;
  }

  /** An absolute http(s) URL without query or fragment; a trailing '/' is dropped. */
  public static URI baseUrl(String field, String value) {
    if (value == null) {
      throw new InvalidRequestException(field, "must be an http(s) URL, was null");
    }
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https"))
          || uri.getHost() == null
          || uri.getQuery() != null
          || uri.getFragment() != null) {
        throw new InvalidRequestException(
            field, "must be an absolute http(s) URL without query, was '" + value + "'");
      }
      return new URI(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
    } catch (URISyntaxException e) {
      throw new InvalidRequestException(field, "must be an http(s) URL, was '" + value + "'");
    }
  }

  /** True when {@code s} holds CR, LF or another control character (header injection). */
  public static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return true;
      }
    }
    return false;
  }

  /** {@code s} with CR and LF shown as escapes, for error messages. */
  public static String visible(String s) {
    return s == null ? null : s.replace("\r", "\\r").replace("\n", "\\n");
  }

  /** "abcd****" for a secret: enough to tell keys apart, never enough to use one. */
  public static String mask(String secret) {
    if (secret == null) {
      return null;
    }
    return secret.length() <= 8 ? "****" : secret.substring(0, 4) + "****";
  }
}
