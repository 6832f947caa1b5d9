package dev.communicable.channel.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.communicable.InvalidRequestException;
import dev.communicable.Priority;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.support.HttpStatuses;
import dev.communicable.channel.support.ProviderHttp;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Firebase Cloud Messaging through the HTTP v1 API: {@code POST
 * v1/projects/{project}/messages:send} with a Bearer token from {@link FcmAccessTokens}.
 */
final class FcmSender implements PlatformSender {
  /** FCM's limit on a message's payload: keys and values of notification and data. */
  static final int MAX_PAYLOAD_BYTES = 4096;

  private static final String FCM_ERROR_TYPE =
      "type.googleapis.com/google.firebase.fcm.v1.FcmError";
  private static final String BAD_REQUEST_TYPE = "type.googleapis.com/google.rpc.BadRequest";

  /**
   * The first wait after QUOTA_EXCEEDED (429) without Retry-After: FCM's error reference asks for
   * exponential backoff with a minimum initial delay of one minute.
   */
  static final Duration QUOTA_FIRST_WAIT = Duration.ofMinutes(1);

  /**
   * The first wait after UNAVAILABLE (503) or INTERNAL (500) without Retry-After: FCM asks for
   * exponential backoff there too (its example: one second, then two, then four), with no minimum.
   */
  static final Duration SERVER_ERROR_FIRST_WAIT = Duration.ofSeconds(1);

  /** The longest wait the doubling reaches. */
  static final Duration LONGEST_WAIT = Duration.ofHours(1);

  /** What the judge of an answer returns when FCM refused our access token: exchange again. */
  private static final SendResult TOKEN_REFUSED =
      SendResult.retryable(PushAddress.FCM, "FCM refused the access token");

  private final FcmConfig config;
  private final ProviderHttp http;
  private final FcmAccessTokens tokens;

  FcmSender(FcmConfig config, ProviderHttp http) {
    this.config = config;
    this.http = http;
    this.tokens = new FcmAccessTokens(config, http);
  }

  @Override
  public String platform() {
    return PushAddress.FCM;
  }

  @Override
  public SendResult send(PushAddress address, OutboundMessage message) {
    PushContent content = PushContent.of(message);
    Map<String, String> data = stringData(content);
    int size = payloadSize(content, data);
    if (size > MAX_PAYLOAD_BYTES) {
      return SendResult.permanent(
          PushAddress.FCM,
          "payload_too_large",
          "content: the FCM payload (title, body and data keys and values) is "
              + size
              + " bytes, over the limit of "
              + MAX_PAYLOAD_BYTES);
    }
    byte[] body = requestBody(address.token(), content, data, message);
    try {
      return post(body, message.attempt(), true);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SendResult.retryable(PushAddress.FCM, "FCM: interrupted while sending");
    }
  }

  private SendResult post(byte[] body, int attempt, boolean mayRefreshToken)
      throws InterruptedException {
    String accessToken;
    try {
      accessToken = tokens.token();
    } catch (FcmAccessTokens.Unavailable e) {
      return e.result();
    }
    HttpRequest request =
        http.request(config.sendUri())
            .header("Authorization", "Bearer " + accessToken)
            .header("Content-Type", "application/json; charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    SendResult result =
        http.exchange(
            PushAddress.FCM, request, response -> judge(response, attempt, mayRefreshToken));
    if (result == TOKEN_REFUSED) {
      // Our access token was refused (revoked or expired early): exchange once more.
      tokens.invalidate(accessToken);
      return post(body, attempt, false);
    }
    return result;
  }

  private SendResult judge(ProviderHttp.Response response, int attempt, boolean mayRefreshToken) {
    int status = response.status();
    if (status == 200) {
      JsonNode answer = readJson(response.body());
      return SendResult.accepted(PushAddress.FCM, answer.path("name").asText(null));
    }
    JsonNode error = readJson(response.body()).path("error");
    String code = errorCode(error);
    if (status == 401 && !"THIRD_PARTY_AUTH_ERROR".equals(code) && mayRefreshToken) {
      return TOKEN_REFUSED;
    }
    return classify(status, code, error, response, attempt);
  }

  private SendResult classify(
      int status, String code, JsonNode error, ProviderHttp.Response response, int attempt) {
    String message = error.path("message").asText(ProviderHttp.excerpt(response.body()));
    String reason =
        "FCM answered " + status + " " + code + (message.isEmpty() ? "" : ": " + message);
    switch (code) {
      case "UNREGISTERED":
        return SendResult.permanent(PushAddress.FCM, SendResult.ADDRESS_REVOKED, reason);
      case "INVALID_ARGUMENT":
        return aboutToken(error)
            ? SendResult.permanent(PushAddress.FCM, SendResult.ADDRESS_REVOKED, reason)
            : SendResult.permanent(PushAddress.FCM, code, reason);
      case "SENDER_ID_MISMATCH":
      case "THIRD_PARTY_AUTH_ERROR":
        return SendResult.permanent(PushAddress.FCM, code, reason);
      case "QUOTA_EXCEEDED":
        return retry(reason, response, QUOTA_FIRST_WAIT, attempt);
      case "UNAVAILABLE":
      case "INTERNAL":
        return retry(reason, response, SERVER_ERROR_FIRST_WAIT, attempt);
      default:
        if (status == 404) {
          return SendResult.permanent(PushAddress.FCM, SendResult.ADDRESS_REVOKED, reason);
        }
        if (status == 429) {
          return retry(reason, response, QUOTA_FIRST_WAIT, attempt);
        }
        if (status == 500 || status == 503) {
          return retry(reason, response, SERVER_ERROR_FIRST_WAIT, attempt);
        }
        return HttpStatuses.failure(
            PushAddress.FCM, status, code, reason, http.retryAfter(response));
    }
  }

  /**
   * Retryable no earlier than FCM's Retry-After when it sends one; else no earlier than {@code
   * first} doubled for each attempt after the first, up to {@link #LONGEST_WAIT}, so that even a
   * short fixed retry policy backs off as FCM requires.
   */
  private SendResult retry(
      String reason, ProviderHttp.Response response, Duration first, int attempt) {
    Duration wait = http.retryAfter(response).orElseGet(() -> backoff(first, attempt));
    return SendResult.retryable(PushAddress.FCM, reason, wait);
  }

  /** {@code first}, doubled {@code attempt - 1} times, at most {@link #LONGEST_WAIT}. */
  static Duration backoff(Duration first, int attempt) {
    int doublings = Math.min(Math.max(attempt, 1) - 1, 30);
    Duration wait = first.multipliedBy(1L << doublings);
    return wait.compareTo(LONGEST_WAIT) > 0 ? LONGEST_WAIT : wait;
  }

  /** The FcmError code when FCM gives one, else the canonical status, else {@code http_NNN}. */
  private static String errorCode(JsonNode error) {
    for (JsonNode detail : error.path("details")) {
      if (FCM_ERROR_TYPE.equals(detail.path("@type").asText())
          && detail.path("errorCode").isTextual()) {
        return detail.path("errorCode").asText();
      }
    }
    if (error.path("status").isTextual()) {
      return error.path("status").asText();
    }
    return "http_" + error.path("code").asInt(0);
  }

  /**
   * True when an INVALID_ARGUMENT is about the registration token (a field violation on {@code
   * message.token}, or FCM's "not a valid FCM registration token"), not about the message.
   */
  private static boolean aboutToken(JsonNode error) {
    for (JsonNode detail : error.path("details")) {
      if (BAD_REQUEST_TYPE.equals(detail.path("@type").asText())) {
        for (JsonNode violation : detail.path("fieldViolations")) {
          if ("message.token".equals(violation.path("field").asText())) {
            return true;
          }
        }
      }
    }
    return error.path("message").asText("").toLowerCase(Locale.ROOT).contains("registration token");
  }

  /**
   * FCM data values are strings: text stays as is, anything else is written as JSON. The deep link
   * travels as {@code data.link} so the app can route on it.
   *
   * @throws InvalidRequestException for keys FCM reserves
   */
  private static Map<String, String> stringData(PushContent content) {
    Map<String, String> data = new LinkedHashMap<>();
    for (Map.Entry<String, Object> entry : content.data().entrySet()) {
      String key = entry.getKey();
      String lower = key.toLowerCase(Locale.ROOT);
      if (lower.equals("from")
          || lower.equals("notification")
          || lower.equals("message_type")
          || lower.startsWith("google")
          || lower.startsWith("gcm")) {
        throw new InvalidRequestException(
            "data." + key, "is reserved by FCM (from, notification, message_type, google*, gcm*)");
      }
      Object value = entry.getValue();
      data.put(key, value instanceof String ? (String) value : json(value));
    }
    if (content.link() != null) {
      data.put("link", content.link());
    }
    return data;
  }

  private static int payloadSize(PushContent content, Map<String, String> data) {
    int size = utf8(content.title()) + utf8(content.body());
    for (Map.Entry<String, String> entry : data.entrySet()) {
      size += utf8(entry.getKey()) + utf8(entry.getValue());
    }
    return size;
  }

  private static byte[] requestBody(
      String token, PushContent content, Map<String, String> data, OutboundMessage outbound) {
    ObjectNode root = Jws.JSON.createObjectNode();
    ObjectNode message = root.putObject("message");
    message.put("token", token);
    if (content.isAlert()) {
      ObjectNode notification = message.putObject("notification");
      putIfPresent(notification, "title", content.title());
      putIfPresent(notification, "body", content.body());
    }
    if (!data.isEmpty()) {
      ObjectNode dataNode = message.putObject("data");
      data.forEach(dataNode::put);
    }
    ObjectNode android = message.putObject("android");
    android.put("priority", outbound.priority() == Priority.NORMAL ? "normal" : "high");
    if (content.isAlert()) {
      android
          .putObject("notification")
          .put("tag", PushContent.dedupeTag(outbound.idempotencyKey()));
    }
    if (content.link() != null && content.link().startsWith("https://")) {
      message.putObject("webpush").putObject("fcm_options").put("link", content.link());
    }
    try {
      return Jws.JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the FCM message", e);
    }
  }

  private static void putIfPresent(ObjectNode node, String name, @Nullable String value) {
    if (value != null) {
      node.put(name, value);
    }
  }

  private static String json(Object value) {
    try {
      return Jws.JSON.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException("data", "a value cannot be written as JSON");
    }
  }

  private static int utf8(@Nullable String text) {
    return text == null ? 0 : text.getBytes(StandardCharsets.UTF_8).length;
  }

  private static JsonNode readJson(@Nullable String text) {
    try {
      JsonNode node = Jws.JSON.readTree(text == null ? "" : text);
      return node == null ? Jws.JSON.createObjectNode() : node;
    } catch (IOException e) {
      return Jws.JSON.createObjectNode();
    }
  }

  @Override
  public void close() {
    // The HTTP client belongs to the router.
  }
}
