package dev.communicable.channel.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.communicable.InvalidRequestException;
import dev.communicable.Priority;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.support.HttpStatuses;
import dev.communicable.channel.support.ProviderHttp;
import java.net.http.HttpRequest;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Web Push (RFC 8030) to a browser subscription: the payload encrypted with aes128gcm (RFC 8291),
 * the request identified with VAPID (RFC 8292).
 *
 * <p>The plaintext the service worker receives is JSON: {@code {"title", "body", "link", "data"}},
 * absent parts left out.
 */
final class WebPushSender implements PlatformSender {
  private final WebPushConfig config;
  private final ProviderHttp http;
  private final Vapid vapid;
  private final WebPushEncryption encryption;

  WebPushSender(WebPushConfig config, ProviderHttp http, Clock clock) {
    this.config = config;
    this.http = http;
    this.vapid = new Vapid(config, clock);
    this.encryption = new WebPushEncryption(new SecureRandom());
  }

  @Override
  public String platform() {
    return PushAddress.WEB_PUSH;
  }

  @Override
  public void validate(PushAddress address) {
    String host = address.subscription().endpoint().getHost();
    if (!config.allowsHost(host)) {
      throw new InvalidRequestException(
          "address",
          "Web Push endpoint host '"
              + host
              + "' is not an allowed push service "
              + config.allowedEndpointHosts());
    }
  }

  @Override
  public SendResult send(PushAddress address, OutboundMessage message) {
    PushContent content = PushContent.of(message);
    byte[] plaintext = plaintext(content);
    if (plaintext.length > WebPushEncryption.MAX_PLAINTEXT) {
      return SendResult.permanent(
          PushAddress.WEB_PUSH,
          "payload_too_large",
          "content: the Web Push payload is "
              + plaintext.length
              + " bytes, over the limit of "
              + WebPushEncryption.MAX_PLAINTEXT
              + " that one 4096-byte encrypted record carries");
    }
    PushAddress.Subscription subscription = address.subscription();
    byte[] body =
        encryption.encrypt(plaintext, subscription.publicKey(), subscription.authSecret());
    HttpRequest request =
        http.request(subscription.endpoint())
            .header("Authorization", vapid.authorization(subscription.endpoint()))
            .header("Content-Encoding", "aes128gcm")
            .header("Content-Type", "application/octet-stream")
            .header("TTL", Long.toString(config.ttl().toSeconds()))
            .header("Urgency", message.priority() == Priority.NORMAL ? "normal" : "high")
            .header("Topic", PushContent.dedupeTag(message.idempotencyKey()))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    return http.exchange(PushAddress.WEB_PUSH, request, this::classify);
  }

  private SendResult classify(ProviderHttp.Response response) {
    int status = response.status();
    if (HttpStatuses.isSuccess(status)) {
      return SendResult.accepted(PushAddress.WEB_PUSH, response.header("Location").orElse(null));
    }
    String excerpt = ProviderHttp.excerpt(response.body());
    String reason =
        "Web Push service answered " + status + (excerpt.isEmpty() ? "" : ": " + excerpt);
    if (status == 404 || status == 410) {
      return SendResult.permanent(PushAddress.WEB_PUSH, SendResult.ADDRESS_REVOKED, reason);
    }
    if (status == 413) {
      return SendResult.permanent(PushAddress.WEB_PUSH, "payload_too_large", reason);
    }
    return HttpStatuses.failure(
        PushAddress.WEB_PUSH, status, null, reason, http.retryAfter(response));
  }

  private static byte[] plaintext(PushContent content) {
    ObjectNode root = Jws.JSON.createObjectNode();
    if (content.title() != null) {
      root.put("title", content.title());
    }
    if (content.body() != null) {
      root.put("body", content.body());
    }
    if (content.link() != null) {
      root.put("link", content.link());
    }
    if (!content.data().isEmpty()) {
      try {
        root.set("data", Jws.JSON.valueToTree(content.data()));
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("data", "cannot be written as JSON");
      }
    }
    try {
      return Jws.JSON.writeValueAsBytes(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the Web Push payload", e);
    }
  }

  @Override
  public void close() {
    // The HTTP client belongs to the router.
  }
}
