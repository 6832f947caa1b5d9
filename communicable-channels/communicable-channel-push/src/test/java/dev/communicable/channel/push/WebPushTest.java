package dev.communicable.channel.push;

import static dev.communicable.channel.push.TestSupport.alert;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.communicable.Priority;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.memory.SettableClock;
import dev.communicable.testkit.TestData;
import java.net.URI;
import java.net.http.HttpClient;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Web Push to a local HTTPS push service that checks VAPID and decrypts like a browser. */
@Tag("integration")
class WebPushTest {
  private static final String SUBJECT = "mailto:ops@shop.example";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final SettableClock CLOCK = SettableClock.of(Instant.now());

  private static FakePushService service;
  private static ChannelAdapter adapter;

  @BeforeAll
  static void start() throws Exception {
    SecureRandom random = new SecureRandom();
    KeyPair subscriberKeys = EcKeys.generate(random);
    byte[] auth = new byte[16];
    random.nextBytes(auth);
    WebPushConfig.VapidKeys vapid = WebPushConfig.generateVapidKeys();
    TestSupport.Tls tls = TestSupport.Tls.selfSigned();
    service =
        new FakePushService(
            tls, new WebPushReceiver(subscriberKeys, auth), vapid.publicKey(), SUBJECT, CLOCK);
    adapter =
        PushAdapters.builder()
            .webPush(
                WebPushConfig.builder()
                    .vapidPublicKey(vapid.publicKey())
                    .vapidPrivateKey(vapid.privateKey())
                    .subject(SUBJECT)
                    .ttl(Duration.ofHours(6))
                    .build())
            .httpClient(HttpClient.newBuilder().sslContext(tls.clientContext()).build())
            .http(HttpSettings.builder().clock(CLOCK).build())
            .build();
  }

  @AfterAll
  static void stop() {
    adapter.close();
    service.close();
  }

  @BeforeEach
  void clear() {
    service.received.clear();
    service.problems.clear();
    service.requests.set(0);
  }

  @Test
  @DisplayName(
      "the push service verifies VAPID and the browser decrypts title, body, link and data")
  void delivers_an_encrypted_message() throws Exception {
    SendResult result =
        adapter.send(
            TestData.outbound(ChannelType.PUSH, "webpush:" + service.subscription("good"))
                .content(
                    alert(
                        "Order shipped",
                        "Your order #42 is on its way",
                        "https://shop.example/o/42"))
                .data(Map.of("orderId", 42))
                .priority(Priority.HIGH)
                .build());

    assertThat(service.problems()).isEmpty();
    assertThat(result).isEqualTo(SendResult.accepted("webpush", service.origin() + "/message/1"));
    FakePushService.Received push = service.received.get(0);
    JsonNode plaintext = JSON.readTree(push.plaintext());
    assertThat(plaintext.path("title").asText()).isEqualTo("Order shipped");
    assertThat(plaintext.path("body").asText()).isEqualTo("Your order #42 is on its way");
    assertThat(plaintext.path("link").asText()).isEqualTo("https://shop.example/o/42");
    assertThat(plaintext.path("data").path("orderId").asInt()).isEqualTo(42);
    assertThat(push.headers())
        .containsEntry("Content-Encoding", "aes128gcm")
        .containsEntry("Content-Type", "application/octet-stream")
        .containsEntry("TTL", "21600")
        .containsEntry("Urgency", "high");
    assertThat(push.headers().get("Topic")).matches("[A-Za-z0-9_-]{32}");
  }

  @Test
  @DisplayName("a normal-priority push asks for normal urgency")
  void normal_urgency() {
    adapter.send(
        TestData.outbound(ChannelType.PUSH, "webpush:" + service.subscription("good"))
            .content(alert("Hi", "x", null))
            .data(Map.of())
            .build());

    assertThat(service.received.get(0).headers()).containsEntry("Urgency", "normal");
  }

  @Test
  @DisplayName("410 Gone and 404 Not Found mean the subscription is revoked")
  void gone_is_revoked() {
    service.replyTo("gone", 410, Map.of());
    service.replyTo("missing", 404, Map.of());

    for (String name : new String[] {"gone", "missing"}) {
      SendResult result =
          adapter.send(
              TestData.outbound(ChannelType.PUSH, "webpush:" + service.subscription(name))
                  .content(alert("Hi", "x", null))
                  .data(Map.of())
                  .build());
      assertThat(result)
          .isInstanceOfSatisfying(
              SendResult.Permanent.class,
              p -> assertThat(p.code()).isEqualTo(SendResult.ADDRESS_REVOKED));
    }
  }

  @Test
  @DisplayName("429 is retryable after Retry-After; 503 is retryable")
  void throttling_is_retryable() {
    service.replyTo("busy", 429, Map.of("Retry-After", "120"));
    service.replyTo("down", 503, Map.of());

    assertThat(
            adapter.send(
                TestData.outbound(ChannelType.PUSH, "webpush:" + service.subscription("busy"))
                    .content(alert("Hi", "x", null))
                    .data(Map.of())
                    .build()))
        .isInstanceOfSatisfying(
            SendResult.Retryable.class,
            r -> assertThat(r.retryAfter()).contains(Duration.ofMinutes(2)));
    assertThat(
            adapter.send(
                TestData.outbound(ChannelType.PUSH, "webpush:" + service.subscription("down"))
                    .content(alert("Hi", "x", null))
                    .data(Map.of())
                    .build()))
        .isInstanceOf(SendResult.Retryable.class);
  }

  @Test
  @DisplayName("413 from the push service is permanent: payload too large")
  void payload_too_large_is_permanent() {
    service.replyTo("small", 413, Map.of());

    SendResult result =
        adapter.send(
            TestData.outbound(ChannelType.PUSH, "webpush:" + service.subscription("small"))
                .content(alert("Hi", "x", null))
                .data(Map.of())
                .build());

    assertThat(((SendResult.Permanent) result).code()).isEqualTo("payload_too_large");
  }

  @Test
  @DisplayName("a payload over one 4096-byte record is refused before any network call")
  void oversized_payload_is_refused_locally() {
    SendResult result =
        adapter.send(
            TestData.outbound(ChannelType.PUSH, "webpush:" + service.subscription("good"))
                .content(alert("Hi", "x".repeat(3990), null))
                .data(Map.of())
                .build());

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Permanent.class,
            p -> {
              assertThat(p.code()).isEqualTo("payload_too_large");
              assertThat(p.reason()).contains("3993");
            });
    assertThat(service.requests).hasValue(0);
  }

  @Test
  @DisplayName("the VAPID token is reused per push service until an hour before it expires")
  void vapid_token_is_reused_per_origin() {
    WebPushConfig.VapidKeys keys = WebPushConfig.generateVapidKeys();
    SettableClock clock = SettableClock.of(Instant.now());
    Vapid vapid =
        new Vapid(
            WebPushConfig.builder()
                .vapidPublicKey(keys.publicKey())
                .vapidPrivateKey(keys.privateKey())
                .subject(SUBJECT)
                .build(),
            clock);
    URI mozilla = URI.create("https://updates.push.services.mozilla.com/wpush/v2/abc");
    URI google = URI.create("https://fcm.googleapis.com/fcm/send/xyz");

    String first = vapid.authorization(mozilla);
    assertThat(first).startsWith("vapid t=").endsWith(", k=" + keys.publicKey());
    assertThat(vapid.authorization(URI.create("https://updates.push.services.mozilla.com/x")))
        .isEqualTo(first);
    assertThat(vapid.authorization(google)).isNotEqualTo(first);

    clock.advance(Duration.ofHours(10).plusMinutes(59));
    assertThat(vapid.authorization(mozilla)).isEqualTo(first);
    clock.advance(Duration.ofMinutes(2));
    assertThat(vapid.authorization(mozilla)).isNotEqualTo(first);
  }
}
