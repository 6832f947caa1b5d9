package dev.communicable.channel.support;

import dev.communicable.InvalidRequestException;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;

/**
 * The checks a provider config's builder makes. Each returns the value it accepted (normalized
 * where it says so) or throws {@link InvalidRequestException} naming {@code field} and the problem,
 * so a builder reads as a list of checks:
 *
 * <pre>{@code
 * ConfigChecks.token("apiKey", apiKey);
 * URI base = ConfigChecks.baseUrl("baseUrl", baseUrl);
 * ConfigChecks.positive("requestTimeout", requestTimeout);
 * ConfigChecks.notNull("clock", clock);
 * }</pre>
 *
 * <p>No message ever shows a secret.
 */
public final class ConfigChecks {
  private ConfigChecks() {}

  /** {@code value}, which must not be null ({@code "must not be null"}). */
  public static <T> T notNull(String field, T value) {
    if (value == null) {
      throw new InvalidRequestException(field, "must not be null");
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

  /**
   * A secret such as a password: not blank, without control characters (a tab is allowed). The
   * message never shows it.
   */
  public static String secret(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field, "must not be blank");
    }
    if (hasControl(value)) {
      throw new InvalidRequestException(field, "must not contain control characters");
    }
    return value;
  }

  /**
   * A credential that travels in a header or a form, such as an API key or an auth token: not
   * blank, without spaces or control characters. The message never shows it.
   */
  public static String token(String field, String value) {
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

  /** An absolute http or https URL with a host. */
  public static URI httpUrl(String field, String value) {
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

  /**
   * An API's base URL: an {@link #httpUrl} without query or fragment, a trailing {@code '/'}
   * dropped, so that {@code base + "/v3/mail/send"} is the endpoint.
   */
  public static URI baseUrl(String field, String value) {
    URI uri = httpUrl(field, value);
    if (uri.getQuery() != null || uri.getFragment() != null) {
      throw new InvalidRequestException(
          field, "must be an absolute http(s) URL without query, was '" + value + "'");
    }
    return URI.create(value.endsWith("/") ? value.substring(0, value.length() - 1) : value);
  }

  /** True when {@code s} holds CR, LF or another control character but a tab (header injection). */
  public static boolean hasControl(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if ((c < 0x20 && c != '\t') || c == 0x7f) {
        return true;
      }
    }
    return false;
  }
}
