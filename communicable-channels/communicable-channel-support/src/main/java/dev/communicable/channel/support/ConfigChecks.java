package dev.communicable.channel.support;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The channel-specific checks a provider config's builder makes, next to the general ones of {@link
 * Arguments}. Each returns the value it accepted (normalized where it says so) or throws {@link
 * InvalidRequestException} naming {@code field} and the problem, so a builder reads as a list of
 * checks:
 *
 * <pre>{@code
 * ConfigChecks.token("apiKey", apiKey);
 * URI callback = ConfigChecks.httpUrl("statusCallback", statusCallback);
 * Arguments.notNull("http", http);
 * }</pre>
 *
 * <p>No message ever shows a secret.
 */
public final class ConfigChecks {
  private ConfigChecks() {}

  /**
   * A secret such as a password: not blank, without control characters (a tab is allowed). The
   * message never shows it.
   */
  public static String secret(String field, @Nullable String value) {
    Arguments.notBlank(field, value);
    Arguments.check(!hasControl(value), field, "must not contain control characters");
    return value;
  }

  /**
   * A credential that travels in a header or a form, such as an API key or an auth token: not
   * blank, without spaces or control characters. The message never shows it.
   */
  public static String token(String field, @Nullable String value) {
    Arguments.notBlank(field, value);
    for (int i = 0; i < value.length(); i++) {
      Arguments.check(
          value.charAt(i) >= 0x21 && value.charAt(i) != 0x7f,
          field,
          "must not contain spaces or control characters");
    }
    return value;
  }

  /** A header value such as a {@code User-Agent}: printable ASCII, not blank. */
  public static String headerValue(String field, @Nullable String value) {
    Arguments.notBlank(field, value);
    Arguments.check(
        value.chars().allMatch(c -> c >= 0x20 && c <= 0x7e),
        field,
        "must be printable ASCII, was " + Arguments.echo(value));
    return value;
  }

  /** An absolute http or https URL with a host. */
  public static URI httpUrl(String field, @Nullable String value) {
    Arguments.notNull(field, value);
    try {
      URI uri = new URI(value);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      Arguments.check(
          (scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null,
          field,
          "must be an absolute http(s) URL, was " + Arguments.echo(value));
      return uri;
    } catch (URISyntaxException e) {
      throw new InvalidRequestException(
          field, "must be an http(s) URL, was " + Arguments.echo(value));
    }
  }

  /**
   * An API's base URL: an {@link #httpUrl} without query or fragment, a trailing {@code '/'}
   * dropped, so that {@code base + "/v3/mail/send"} is the endpoint.
   */
  public static URI baseUrl(String field, @Nullable String value) {
    URI uri = httpUrl(field, value);
    Arguments.check(
        uri.getQuery() == null && uri.getFragment() == null,
        field,
        "must be an absolute http(s) URL without query, was " + Arguments.echo(value));
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
