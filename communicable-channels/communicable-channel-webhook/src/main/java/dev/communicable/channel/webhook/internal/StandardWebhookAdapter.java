package dev.communicable.channel.webhook.internal;

import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.support.HttpStatuses;
import dev.communicable.channel.support.ProviderHttp;
import dev.communicable.channel.webhook.WebhookConfig;
import dev.communicable.channel.webhook.WebhookSecret;
import dev.communicable.channel.webhook.WebhookVerifier;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** Sends Standard Webhooks: a signed JSON POST per message. Thread-safe. */
public final class StandardWebhookAdapter implements ChannelAdapter {
  /** The provider name recorded with each attempt. */
  public static final String PROVIDER = "webhook";

  /** Most response bytes kept for error messages; the rest is discarded. */
  static final int MAX_RESPONSE_BYTES = 16 * 1024;

  /** An idempotency key used verbatim as {@code webhook-id}; others are hashed into one. */
  private static final Pattern SAFE_ID = Pattern.compile("[A-Za-z0-9_:-]{1,128}");

  private final WebhookConfig config;
  private final Clock clock;
  private final AddressGuard guard;
  private final ProviderHttp http;
  private final GuardedPost poster;
  private final AtomicBoolean closed = new AtomicBoolean();

  public StandardWebhookAdapter(WebhookConfig config) {
    this.config = config;
    this.clock = config.http().clock();
    this.guard = new AddressGuard(config.egress());
    ProviderHttp.Builder http =
        ProviderHttp.builder(PROVIDER).http(config.http()).maxResponseBytes(MAX_RESPONSE_BYTES);
    config.egress().proxy().ifPresent(http::proxy);
    this.http = http.build();
    this.poster = new GuardedPost(guard, this.http, config.maxRedirects());
  }

  @Override
  public ChannelType channel() {
    return ChannelType.WEBHOOK;
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public void validateAddress(String address) {
    guard.validate("address", address);
  }

  @Override
  public SendResult send(OutboundMessage message) {
    if (closed.get()) {
      throw new IllegalStateException("the webhook adapter is closed");
    }
    URI uri;
    byte[] body;
    Map<String, String> headers = new LinkedHashMap<>();
    try {
      uri = guard.parse("address", message.address());
      body = body(message);
      headers.putAll(CustomHeaders.from(message.metadata()));
    } catch (InvalidRequestException e) {
      return SendResult.permanent(PROVIDER, "invalid_request", e.getMessage());
    }
    if (body.length > config.maxBodyBytes()) {
      return SendResult.permanent(
          PROVIDER,
          "body_too_large",
          "content: the webhook body is "
              + body.length
              + " bytes, over the limit of "
              + config.maxBodyBytes());
    }
    String id = webhookId(message.idempotencyKey());
    long timestamp = clock.instant().getEpochSecond();
    headers.put("Content-Type", "application/json");
    headers.put("User-Agent", config.userAgent());
    headers.put(WebhookVerifier.ID_HEADER, id);
    headers.put(WebhookVerifier.TIMESTAMP_HEADER, Long.toString(timestamp));
    headers.put(WebhookVerifier.SIGNATURE_HEADER, signatures(id, timestamp, body));
    GuardedPost.Outcome outcome = poster.post(uri, headers, body);
    if (outcome instanceof GuardedPost.Refused refused) {
      return SendResult.permanent(PROVIDER, refused.code(), refused.reason());
    }
    if (outcome instanceof GuardedPost.Failed failed) {
      return SendResult.retryable(PROVIDER, failed.reason());
    }
    return interpret(((GuardedPost.Answered) outcome).response(), uri, id);
  }

  private SendResult interpret(ProviderHttp.Response response, URI uri, String id) {
    int status = response.status();
    String who = GuardedPost.origin(uri);
    if (status >= 200 && status < 300) {
      return SendResult.accepted(PROVIDER, id);
    }
    if (HttpStatuses.isRetryable(status)) {
      String reason = who + " answered " + status + snippet(response.body());
      return new SendResult.Retryable(PROVIDER, reason, http.retryAfter(response));
    }
    if (status == 410) {
      return SendResult.permanent(
          PROVIDER,
          SendResult.ADDRESS_REVOKED,
          who + " answered 410 Gone: the receiver no longer accepts webhooks at this URL");
    }
    return SendResult.permanent(
        PROVIDER, "http_" + status, who + " refused with " + status + snippet(response.body()));
  }

  private String signatures(String id, long timestamp, byte[] body) {
    return config.secrets().stream()
        .map((WebhookSecret secret) -> secret.sign(id, timestamp, body))
        .collect(Collectors.joining(" "));
  }

  /** The request body: the rendered JSON part as given, else an envelope of the message. */
  static byte[] body(OutboundMessage message) {
    Content content = message.content();
    if (content.json() != null) {
      Json.parse("content.json", content.json());
      return content.json().getBytes(StandardCharsets.UTF_8);
    }
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("type", message.topic());
    envelope.put("messageId", message.messageId().toString());
    putIfPresent(envelope, "title", content.title());
    putIfPresent(envelope, "text", content.text());
    putIfPresent(envelope, "link", content.link());
    envelope.put("data", message.data());
    return Json.write("data", envelope);
  }

  private static void putIfPresent(Map<String, Object> map, String key, @Nullable String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  /**
   * The {@code webhook-id}: the idempotency key itself when it is short and holds only letters,
   * digits, '_', ':' and '-' (the specification warns against '.'), else {@code msg_} and a hash of
   * it, equally stable across retries.
   */
  static String webhookId(String idempotencyKey) {
    if (SAFE_ID.matcher(idempotencyKey).matches()) {
      return idempotencyKey;
    }
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256")
              .digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
      return "msg_" + Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every Java platform", e);
    }
  }

  static String snippet(String body) {
    String excerpt = ProviderHttp.excerpt(body);
    return excerpt.isEmpty() ? "" : ": " + excerpt;
  }

  @Override
  public void close() {
    if (closed.compareAndSet(false, true)) {
      http.close();
    }
  }

  @Override
  public String toString() {
    return "StandardWebhookAdapter[" + config + "]";
  }
}
