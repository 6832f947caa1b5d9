package dev.communicable.channel.webhook.internal;

import dev.communicable.InvalidRequestException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Extra request headers given as message metadata {@code header.<Name>}. */
final class CustomHeaders {
  static final String PREFIX = "header.";
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
  private static final int MAX_VALUE = 4096;

  /** Headers the adapter sets itself or the HTTP client controls. */
  private static final Set<String> RESERVED =
      Set.of(
          "webhook-id",
          "webhook-timestamp",
          "webhook-signature",
          "content-type",
          "content-length",
          "host",
          "connection",
          "expect",
          "upgrade",
          "transfer-encoding",
          "te",
          "trailer",
          "keep-alive",
          "proxy-authorization",
          "user-agent");

  private CustomHeaders() {}

  /**
   * The {@code header.*} entries of {@code metadata} as header names and values.
   *
   * @throws InvalidRequestException naming {@code metadata.header.<Name>} when a name is not an
   *     HTTP token, is one the adapter sets itself, or a value holds a line break
   */
  static Map<String, String> from(Map<String, String> metadata) {
    Map<String, String> headers = new LinkedHashMap<>();
    for (Map.Entry<String, String> entry : metadata.entrySet()) {
      if (!entry.getKey().startsWith(PREFIX)) {
        continue;
      }
      String name = entry.getKey().substring(PREFIX.length());
      String field = "metadata." + entry.getKey();
      if (!TOKEN.matcher(name).matches()) {
        throw new InvalidRequestException(field, "not a valid HTTP header name");
      }
      if (RESERVED.contains(name.toLowerCase(Locale.ROOT))) {
        throw new InvalidRequestException(field, "is set by the adapter and cannot be overridden");
      }
      String value = entry.getValue();
      if (value.length() > MAX_VALUE || value.chars().anyMatch(c -> c < 0x20 && c != '\t')) {
        throw new InvalidRequestException(
            field, "value must be at most " + MAX_VALUE + " characters without control characters");
      }
      headers.put(name, value);
    }
    return headers;
  }
}
