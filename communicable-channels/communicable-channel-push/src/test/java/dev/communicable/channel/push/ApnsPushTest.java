package dev.communicable.channel.push;

import static dev.communicable.channel.push.TestSupport.alert;
import static org.assertj.core.api.Assertions.assertThat;

import com.eatthepath.pushy.apns.ApnsPushNotification;
import com.eatthepath.pushy.apns.DeliveryPriority;
import com.eatthepath.pushy.apns.PushType;
import com.eatthepath.pushy.apns.auth.ApnsVerificationKey;
import com.eatthepath.pushy.apns.server.MockApnsServer;
import com.eatthepath.pushy.apns.server.MockApnsServerBuilder;
import com.eatthepath.pushy.apns.server.ParsingMockApnsServerListenerAdapter;
import com.eatthepath.pushy.apns.server.PushNotificationHandler;
import com.eatthepath.pushy.apns.server.RejectedNotificationException;
import com.eatthepath.pushy.apns.server.RejectionReason;
import com.eatthepath.pushy.apns.server.ValidatingPushNotificationHandlerFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.communicable.Content;
import dev.communicable.Priority;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.memory.SettableClock;
import dev.communicable.testkit.TestData;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** APNs against pushy's MockApnsServer, which verifies the provider token's ES256 signature. */
@Tag("integration")
class ApnsPushTest {
  private static final String TOPIC = "com.example.shop";
  private static final String KEY_ID = "ABC123DEFG";
  private static final String TEAM_ID = "TEAM123456";
  private static final String GOOD = "a".repeat(64);
  private static final String DEAD = "b".repeat(64);
  private static final String BAD = "c".repeat(64);
  private static final String THROTTLED = "d".repeat(64);
  private static final String BROKEN = "e".repeat(64);
  private static final Map<String, RejectionReason> SCRIPTED =
      Map.of(
          BAD, RejectionReason.BAD_DEVICE_TOKEN,
          THROTTLED, RejectionReason.TOO_MANY_REQUESTS,
          BROKEN, RejectionReason.INTERNAL_SERVER_ERROR);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SettableClock CLOCK =
      SettableClock.of(Instant.parse("2030-01-01T10:00:00Z"));
  private static final List<ApnsPushNotification> accepted = new CopyOnWriteArrayList<>();
  private static final AtomicInteger requests = new AtomicInteger();

  private static TestSupport.Tls tls;
  private static KeyPair signingKeys;
  private static MockApnsServer server;
  private static int port;
  private static ChannelAdapter adapter;

  @BeforeAll
  static void startServer() throws Exception {
    tls = TestSupport.Tls.selfSigned();
    signingKeys = EcKeys.generate(new java.security.SecureRandom());
    ApnsVerificationKey verificationKey =
        new ApnsVerificationKey(KEY_ID, TEAM_ID, (ECPublicKey) signingKeys.getPublic());
    ValidatingPushNotificationHandlerFactory validating =
        new ValidatingPushNotificationHandlerFactory(
            Map.of(TOPIC, Set.of(GOOD, DEAD, BAD, THROTTLED, BROKEN)),
            Map.of(DEAD, Instant.parse("2029-12-31T00:00:00Z")),
            Map.of(KEY_ID, verificationKey),
            Map.of(verificationKey, Set.of(TOPIC)));
    server =
        new MockApnsServerBuilder()
            .setServerCredentials(new X509Certificate[] {tls.certificate()}, tls.privateKey(), null)
            .setHandlerFactory(
                session -> {
                  PushNotificationHandler checks = validating.buildHandler(session);
                  return (headers, payload) -> {
                    requests.incrementAndGet();
                    checks.handlePushNotification(headers, payload);
                    RejectionReason scripted =
                        SCRIPTED.get(String.valueOf(headers.path()).substring(10));
                    if (scripted != null) {
                      throw new RejectedNotificationException(scripted);
                    }
                  };
                })
            .setListener(
                new ParsingMockApnsServerListenerAdapter() {
                  @Override
                  public void handlePushNotificationAccepted(ApnsPushNotification notification) {
                    accepted.add(notification);
                  }

                  @Override
                  public void handlePushNotificationRejected(
                      ApnsPushNotification notification, RejectionReason reason, Instant at) {}
                })
            .build();
    port = server.start(0).get();
    adapter = adapter(signingKeys);
  }

  @AfterAll
  static void stopServer() throws Exception {
    adapter.close();
    server.shutdown().get();
  }

  @BeforeEach
  void clear() {
    accepted.clear();
    requests.set(0);
  }

  private static ChannelAdapter adapter(KeyPair keys) {
    return PushAdapters.builder()
        .apns(
            ApnsConfig.builder()
                .signingKey(TestSupport.pem("PRIVATE KEY", keys.getPrivate().getEncoded()))
                .keyId(KEY_ID)
                .teamId(TEAM_ID)
                .topic(TOPIC)
                .server("localhost", port)
                .trustedServerCertificates(tls.certificate())
                .build())
        .http(HttpSettings.builder().clock(CLOCK).build())
        .build();
  }

  @Test
  @DisplayName("an alert reaches APNs with topic, payload, priority, collapse id and expiration")
  void sends_an_alert() throws Exception {
    SendResult result =
        adapter.send(
            TestData.outbound(ChannelType.PUSH, "apns:" + GOOD)
                .content(alert("Order shipped", "Your order #42 is on its way", "shop://orders/42"))
                .data(Map.of("orderId", 42))
                .priority(Priority.HIGH)
                .topic("orders")
                .build());

    assertThat(result).isInstanceOf(SendResult.Accepted.class);
    assertThat(result.provider()).as("the service that sent it").isEqualTo("apns");
    assertThat(((SendResult.Accepted) result).providerMessageId()).isNotBlank();
    assertThat(accepted).hasSize(1);
    ApnsPushNotification sent = accepted.get(0);
    assertThat(sent.getTopic()).isEqualTo(TOPIC);
    assertThat(sent.getToken()).isEqualTo(GOOD);
    assertThat(sent.getPriority()).isEqualTo(DeliveryPriority.IMMEDIATE);
    assertThat(sent.getPushType()).isEqualTo(PushType.ALERT);
    assertThat(sent.getCollapseId()).hasSize(32);
    assertThat(sent.getExpiration()).isEqualTo(CLOCK.instant().plus(Duration.ofDays(1)));
    JsonNode payload = JSON.readTree(sent.getPayload());
    assertThat(payload.path("aps").path("alert").path("title").asText()).isEqualTo("Order shipped");
    assertThat(payload.path("aps").path("alert").path("body").asText())
        .isEqualTo("Your order #42 is on its way");
    assertThat(payload.path("aps").path("thread-id").asText()).isEqualTo("orders");
    assertThat(payload.path("link").asText()).isEqualTo("shop://orders/42");
    assertThat(payload.path("data").path("orderId").asInt()).isEqualTo(42);
  }

  @Test
  @DisplayName("data-only content is a background push at power-saving priority")
  void data_only_is_background() throws Exception {
    adapter.send(
        TestData.outbound(ChannelType.PUSH, "apns:" + GOOD)
            .content(Content.builder().build())
            .data(Map.of("sync", "inbox"))
            .build());

    ApnsPushNotification sent = accepted.get(0);
    assertThat(sent.getPushType()).isEqualTo(PushType.BACKGROUND);
    assertThat(sent.getPriority()).isEqualTo(DeliveryPriority.CONSERVE_POWER);
    assertThat(JSON.readTree(sent.getPayload()).path("aps").path("content-available").asInt())
        .isEqualTo(1);
  }

  @Test
  @DisplayName("Unregistered (410) means the token is revoked")
  void unregistered_is_revoked() {
    SendResult result =
        adapter.send(
            TestData.outbound(ChannelType.PUSH, "apns:" + DEAD)
                .content(alert("Hi", "x", null))
                .data(Map.of())
                .build());

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Permanent.class,
            p -> {
              assertThat(p.code()).isEqualTo(SendResult.ADDRESS_REVOKED);
              assertThat(p.reason()).contains("410").contains("Unregistered");
            });
  }

  @Test
  @DisplayName("BadDeviceToken means the token is revoked")
  void bad_device_token_is_revoked() {
    SendResult result =
        adapter.send(
            TestData.outbound(ChannelType.PUSH, "apns:" + BAD)
                .content(alert("Hi", "x", null))
                .data(Map.of())
                .build());

    assertThat(((SendResult.Permanent) result).code()).isEqualTo(SendResult.ADDRESS_REVOKED);
  }

  @Test
  @DisplayName("TooManyRequests (429) and InternalServerError (500) are retryable")
  void throttling_and_server_errors_are_retryable() {
    assertThat(
            adapter.send(
                TestData.outbound(ChannelType.PUSH, "apns:" + THROTTLED)
                    .content(alert("Hi", "x", null))
                    .data(Map.of())
                    .build()))
        .isInstanceOfSatisfying(
            SendResult.Retryable.class, r -> assertThat(r.reason()).contains("TooManyRequests"));
    assertThat(
            adapter.send(
                TestData.outbound(ChannelType.PUSH, "apns:" + BROKEN)
                    .content(alert("Hi", "x", null))
                    .data(Map.of())
                    .build()))
        .isInstanceOf(SendResult.Retryable.class);
  }

  @Test
  @DisplayName("a payload over 4096 bytes is refused before any network call")
  void oversized_payload_is_refused_locally() {
    SendResult result =
        adapter.send(
            TestData.outbound(ChannelType.PUSH, "apns:" + GOOD)
                .content(alert("Hi", "x".repeat(4096), null))
                .data(Map.of())
                .build());

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("payload_too_large"));
    assertThat(requests).hasValue(0);
  }

  @Test
  @DisplayName("a provider token signed with the wrong key is refused by APNs, permanently")
  void wrong_signing_key_is_refused() {
    try (ChannelAdapter impostor = adapter(EcKeys.generate(new java.security.SecureRandom()))) {
      SendResult result =
          impostor.send(
              TestData.outbound(ChannelType.PUSH, "apns:" + GOOD)
                  .content(alert("Hi", "x", null))
                  .data(Map.of())
                  .build());

      assertThat(result)
          .isInstanceOfSatisfying(
              SendResult.Permanent.class,
              p -> assertThat(p.code()).isEqualTo("InvalidProviderToken"));
    }
    assertThat(accepted).isEmpty();
  }
}
