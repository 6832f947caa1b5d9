package dev.communicable.channel.push;

import com.eatthepath.pushy.apns.ApnsClient;
import com.eatthepath.pushy.apns.ApnsClientBuilder;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushNotificationResponse;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.util.SimpleApnsPushNotification;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.communicable.CommunicationException;
import dev.communicable.InvalidRequestException;
import dev.communicable.Priority;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.support.HttpSettings;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;

/** APNs through pushy's {@link ApnsClient} with token (.p8) authentication. */
final class ApnsSender implements PlatformSender {
  /** APNs' limit on a regular (non-VoIP) notification payload. */
  static final int MAX_PAYLOAD_BYTES = 4096;

  /** Reasons (and 410) that mean the token is dead for good. */
  private static final Set<String> REVOKED =
      Set.of("Unregistered", "BadDeviceToken", "ExpiredToken");

  /** Reasons that may succeed later; pushy refreshes its provider token by itself. */
  private static final Set<String> TRANSIENT =
      Set.of(
          "TooManyRequests",
          "InternalServerError",
          "ServiceUnavailable",
          "Shutdown",
          "ExpiredProviderToken",
          "TooManyProviderTokenUpdates",
          "IdleTimeout");

  private final ApnsConfig config;
  private final HttpSettings http;
  private final Clock clock;
  private final NioEventLoopGroup eventLoop;
  private final ApnsClient client;

  ApnsSender(ApnsConfig config, HttpSettings http) {
    this.config = config;
    this.http = http;
    this.clock = http.clock();
    this.eventLoop = new NioEventLoopGroup(1, new DefaultThreadFactory("communicable-apns", true));
    ApnsClientBuilder builder =
        new ApnsClientBuilder()
            .setApnsServer(config.host(), config.port())
            .setSigningKey(config.signingKey())
            .setConnectionTimeout(http.connectTimeout())
            .setEventLoopGroup(eventLoop);
    if (!config.trustedServerCertificates().isEmpty()) {
      builder.setTrustedServerCertificateChain(
          config.trustedServerCertificates().toArray(new X509Certificate[0]));
    }
    try {
      this.client = builder.build();
    } catch (SSLException e) {
      eventLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      throw new CommunicationException("cannot set up TLS for APNs: " + e.getMessage(), e);
    }
  }

  @Override
  public String platform() {
    return PushAddress.APNS;
  }

  @Override
  public SendResult send(PushAddress address, OutboundMessage message) {
    PushContent content = PushContent.of(message);
    byte[] payload = payload(content, message);
    if (payload.length > MAX_PAYLOAD_BYTES) {
      return SendResult.permanent(
          PushAddress.APNS,
          "payload_too_large",
          "content: the APNs payload is "
              + payload.length
              + " bytes, over the limit of "
              + MAX_PAYLOAD_BYTES);
    }
    boolean alert = content.isAlert();
    DeliveryPriority priority =
        alert && message.priority() != Priority.NORMAL
            ? DeliveryPriority.IMMEDIATE
            : DeliveryPriority.CONSERVE_POWER;
    Instant expiration = clock.instant().plus(config.expiration());
    SimpleApnsPushNotification notification =
        new SimpleApnsPushNotification(
            address.token().toLowerCase(java.util.Locale.ROOT),
            config.topic(),
            new String(payload, StandardCharsets.UTF_8),
            expiration,
            priority,
            alert ? PushType.ALERT : PushType.BACKGROUND,
            PushContent.dedupeTag(message.idempotencyKey()),
            UUID.nameUUIDFromBytes(message.idempotencyKey().getBytes(StandardCharsets.UTF_8)));
    PushNotificationResponse<SimpleApnsPushNotification> response;
    try {
      response =
          client
              .sendNotification(notification)
              .get(http.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return SendResult.retryable(PushAddress.APNS, "APNs: interrupted while sending");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      return SendResult.retryable(PushAddress.APNS, "could not send to APNs: " + cause);
    } catch (TimeoutException e) {
      return SendResult.retryable(
          PushAddress.APNS, "APNs did not answer within " + http.requestTimeout());
    }
    return classify(response);
  }

  private static SendResult classify(PushNotificationResponse<?> response) {
    if (response.isAccepted()) {
      return SendResult.accepted(PushAddress.APNS, response.getApnsId().toString());
    }
    int status = response.getStatusCode();
    String reason = response.getRejectionReason().orElse("http_" + status);
    String text =
        "APNs answered "
            + status
            + " "
            + reason
            + response
                .getTokenInvalidationTimestamp()
                .map(t -> " (token invalid since " + t + ")")
                .orElse("");
    if (status == 410 || REVOKED.contains(reason)) {
      return SendResult.permanent(PushAddress.APNS, SendResult.ADDRESS_REVOKED, text);
    }
    if (status == 429 || status >= 500 || TRANSIENT.contains(reason)) {
      return SendResult.retryable(PushAddress.APNS, text);
    }
    return SendResult.permanent(PushAddress.APNS, reason, text);
  }

  private static byte[] payload(PushContent content, OutboundMessage message) {
    ObjectNode root = Jws.JSON.createObjectNode();
    ObjectNode aps = root.putObject("aps");
    if (content.isAlert()) {
      ObjectNode alert = aps.putObject("alert");
      if (content.title() != null) {
        alert.put("title", content.title());
      }
      if (content.body() != null) {
        alert.put("body", content.body());
      }
      aps.put("thread-id", message.topic());
    } else {
      aps.put("content-available", 1);
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
      throw new IllegalStateException("cannot write the APNs payload", e);
    }
  }

  @Override
  public void close() {
    try {
      client.close().get(http.requestTimeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Closing anyway: the event loop below ends the connections.
    } finally {
      eventLoop
          .shutdownGracefully(0, 2, TimeUnit.SECONDS)
          .awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
  }
}
