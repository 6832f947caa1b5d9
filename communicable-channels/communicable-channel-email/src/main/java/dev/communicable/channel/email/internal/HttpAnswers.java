package dev.communicable.channel.email.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.communicable.channel.SendResult;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The status-code half of mapping an email API's answer to a {@link SendResult}. */
final class HttpAnswers {
  private static final ObjectMapper JSON = new ObjectMapper();

  private HttpAnswers() {}

  /**
   * The result for a non-2xx answer: 408, 429 and 5xx are retryable (with the delay the provider
   * asked for), every other status is permanent.
   */
  static SendResult failure(
      String provider, HttpResponse<String> response, Optional<Duration> retryAfter) {
    int status = response.statusCode();
    String reason = "HTTP " + status + ": " + errorText(response.body());
    if (status == 408 || status == 429 || status >= 500) {
      return new SendResult.Retryable(provider, reason, retryAfter);
    }
    String code =
        switch (status) {
          case 400 -> "bad_request";
          case 401 -> "unauthorized";
          case 402 -> "request_failed";
          case 403 -> "forbidden";
          case 404 -> "not_found";
          case 413 -> "payload_too_large";
          default -> "http_" + status;
        };
    return SendResult.permanent(provider, code, reason);
  }

  /**
   * The error text of a body: SendGrid's {@code errors[].message}, Mailgun's {@code message}, or
   * the start of the raw body when it is not JSON (proxies answer 413 with HTML).
   */
  static String errorText(String body) {
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
    String flat = body.replaceAll("\\s+", " ").trim();
    return flat.length() > 200 ? flat.substring(0, 200) + "..." : flat;
  }

  static ObjectMapper json() {
    return JSON;
  }
}
