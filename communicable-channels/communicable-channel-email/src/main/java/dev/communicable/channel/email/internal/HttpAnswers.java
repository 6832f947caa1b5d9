package dev.communicable.channel.email.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.support.HttpStatuses;
import dev.communicable.channel.support.ProviderHttp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The status-code half of mapping an email API's answer to a {@link SendResult}. */
final class HttpAnswers {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpAnswers() {}

  /**
   * The result for a non-2xx answer: 408, 429 and 5xx are retryable (with the delay the provider
   * asked for), every other status is permanent, with a code naming the status.
   */
  static SendResult failure(
      String provider, ProviderHttp.Response response, Optional<Duration> retryAfter) {
    int status = response.status();
    String code =
        switch (status) {
          case 400 -> "bad_request";
          case 401 -> "unauthorized";
          case 402 -> "request_failed";
          case 403 -> "forbidden";
          case 404 -> "not_found";
          case 413 -> "payload_too_large";
          default -> null;
        };
    String reason = "HTTP " + status + ": " + errorText(response.body());
    return HttpStatuses.failure(provider, status, code, reason, retryAfter);
  }

  /**
   * The error text of a body: SendGrid's {@code errors[].message}, Mailgun's {@code message}, or
   * the start of the raw body when it is not JSON (proxies answer 413 with HTML).
   */
  static String errorText(@Nullable String body) {
    if (body == null || body.isBlank()) {
      return "(no body)";
    }
    try {
      JsonNode node = JSON.readTree(body);
      List<String> messages = new ArrayList<>();
      for (JsonNode e : node.path("errors")) {
        String m = e.path("message").asText("");
        String field = e.path("field").asText("");
        if (!m.isEmpty()) {
          messages.add(field.isEmpty() || "null".equals(field) ? m : field + ": " + m);
        }
      }
      if (!messages.isEmpty()) {
        return String.join("; ", messages);
      }
      if (node.hasNonNull("message")) {
        return node.get("message").asText();
      }
    } catch (java.io.IOException notJson) {
      // fall through to the raw text
    }
    return ProviderHttp.excerpt(body);
  }

  static ObjectMapper json() {
    return JSON;
  }
}
