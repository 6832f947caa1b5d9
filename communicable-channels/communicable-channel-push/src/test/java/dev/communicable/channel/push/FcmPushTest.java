package dev.communicable.channel.push;

import static dev.communicable.channel.push.TestSupport.alert;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.communicable.Content;
import dev.communicable.Priority;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.memory.SettableClock;
import dev.communicable.testkit.TestData;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class FcmPushTest {
  private static final String TOKEN =
      "dXs3r1c3QmS0abcDEF:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx_ExampleTokenValue_0123456789abcdefghij";

  private final SettableClock clock = SettableClock.of(Instant.parse("2030-01-01T10:00:00Z"));
  private FakeFcm fcm;
  private ChannelAdapter adapter;

  @BeforeEach
  void start() throws Exception {
    fcm = new FakeFcm(clock);
    adapter =
        PushAdapters.builder()
            .fcm(
                FcmConfig.builder()
                    .serviceAccountJson(fcm.serviceAccountJson())
                    .apiBaseUri(fcm.baseUri())
                    .build())
            .http(HttpSettings.builder().clock(clock).build())
            .build();
  }

  @AfterEach
  void stop() {
    adapter.close();
    fcm.close();
  }

  @Test
  @DisplayName("sends the v1 message JSON with a Bearer token exchanged from a signed assertion")
  void sends_the_v1_message() {
    SendResult result =
        adapter.send(
            TestData.outbound(ChannelType.PUSH, "fcm:" + TOKEN)
                .content(
                    alert(
                        "Order shipped",
                        "Your order #42 is on its way",
                        "https://shop.example/o/42"))
                .data(Map.of("orderId", "42", "count", 3))
                .priority(Priority.HIGH)
                .build());

    assertThat(result).isEqualTo(SendResult.accepted("fcm", "projects/demo-project/messages/1"));
    assertThat(fcm.problems()).isEmpty();
    assertThat(fcm.tokenExchanges()).isEqualTo(1);
    JsonNode sent = fcm.messages.get(0).path("message");
    assertThat(sent.path("token").asText()).isEqualTo(TOKEN);
    assertThat(sent.path("notification").path("title").asText()).isEqualTo("Order shipped");
    assertThat(sent.path("notification").path("body").asText())
        .isEqualTo("Your order #42 is on its way");
    assertThat(sent.path("data").path("orderId").asText()).isEqualTo("42");
    assertThat(sent.path("data").path("count").asText()).isEqualTo("3");
    assertThat(sent.path("data").path("link").asText()).isEqualTo("https://shop.example/o/42");
    assertThat(sent.path("android").path("priority").asText()).isEqualTo("high");
    assertThat(sent.path("android").path("notification").path("tag").asText()).hasSize(32);
    assertThat(sent.path("webpush").path("fcm_options").path("link").asText())
        .isEqualTo("https://shop.example/o/42");
  }

  @Test
  @DisplayName("reuses the access token until near its expiry, then exchanges a new one")
  void caches_the_access_token() {
    for (int i = 0; i < 3; i++) {
      assertThat(
              adapter.send(
                  TestData.outbound(ChannelType.PUSH, "fcm:" + TOKEN)
                      .content(alert("Hi", "there", null))
                      .data(Map.of())
                      .build()))
          .isInstanceOf(SendResult.Accepted.class);
    }
    assertThat(fcm.tokenExchanges()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(50)); // 3599 s lifetime, 5 minute margin: still good
    adapter.send(
        TestData.outbound(ChannelType.PUSH, "fcm:" + TOKEN)
            .content(alert("Hi", "there", null))
            .data(Map.of())
            .build());
    assertThat(fcm.tokenExchanges()).isEqualTo(1);

    clock.advance(Duration.ofMinutes(6)); // 56 minutes: inside the margin
    adapter.send(
        TestData.outbound(ChannelType.PUSH, "fcm:" + TOKEN)
            .content(alert("Hi", "there", null))
            .data(Map.of())
            .build());
    assertThat(fcm.tokenExchanges()).isEqualTo(2);
    assertThat(fcm.problems()).isEmpty();
  }

  @Test
  @DisplayName("an access token FCM refuses with 401 is exchanged again and the send repeated once")
  void refreshes_a_refused_token() {
    adapter.send(
        TestData.outbound(ChannelType.PUSH, "fcm:" + TOKEN)
            .content(alert("Hi", "there", null))
            .data(Map.of())
            .build());
    fcm.refuseNextAccessToken();

    SendResult result =
        adapter.send(
            TestData.outbound(ChannelType.PUSH, "fcm:" + TOKEN)
                .content(alert("Hi", "again", null))
                .data(Map.of())
                .build());

    assertThat(result).isInstanceOf(SendResult.Accepted.class);
    assertThat(fcm.tokenExchanges()).isEqualTo(2);
  }

  @Test
  @DisplayName("UNREGISTERED (404) means the token is revoked")
  void unregistered_is_revoked() {
    fcm.replyTo(
        TOKEN,
        404,
        FakeFcm.error(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found."),
        Map.of());

    SendResult result =
        adapter.send(
            TestData.outbound(ChannelType.PUSH, "fcm:" + TOKEN)
                .content(alert("Hi", "x", null))
                .data(Map.of())
                .build());

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Permanent.class,
            p -> assertThat(p.code()).isEqualTo(SendResult.ADDRESS_REVOKED));
  }

  @Test
  @DisplayName("INVALID_ARGUMENT about the registration token means the token is revoked")
  void invalid_token_is_revoked() {
    fcm.replyTo(
        TOKEN,
        400,
        FakeFcm.error(
            400,
            "INVALID_ARGUMENT",
            "INVALID_ARGUMENT",
            "The registration token is not a valid FCM registration token"),
        Map.of());

    SendResult result =
        adapter.send(
            TestData.outbound(ChannelType.PUSH, "fcm:" + TOKEN)
                .content(alert("Hi", "x", null))
                .data(Map.of())
                .build());

    assertThat(((SendResult.Permanent) result).code()).isEqualTo(SendResult.ADDRESS_REVOKED);
  }

  @Test
  @DisplayName("INVALID_ARGUMENT about the message is permanent but leaves the token alone")
  void invalid_message_is_permanent() {
    fcm.replyTo(
        TOKEN,
        400,
        "{\"error\":{\"code\":400,\"message\":\"Invalid value at 'message.data[0].value'\","
            + "\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"@type\":"
            + "\"type.googleapis.com/google.rpc.BadRequest\",\"fieldViolations\":[{\"field\":"
            + "\"message.data[0].value\",\"description\":\"Invalid value\"}]}]}}",
        Map.of());

    SendResult result =
        adapter.send(
            TestData.outbound(ChannelType.PUSH, "fcm:" + TOKEN)
                .content(alert("Hi", "x", null))
                .data(Map.of())
                .build());

    assertThat(((SendResult.Permanent) result).code()).isEqualTo("INVALID_ARGUMENT");
  }

  @Test
  @DisplayName("QUOTA_EXCEEDED (429) is retryable no earlier than Retry-After")
  void quota_exceeded_honours_retry_after() {
    fcm.replyTo(
        TOKEN,
        429,
        FakeFcm.error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded."),
        Map.of("Retry-After", "30"));

    SendResult result =
        adapter.send(
            TestData.outbound(ChannelType.PUSH, "fcm:" + TOKEN)
                .content(alert("Hi", "x", null))
                .data(Map.of())
                .build());

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Retryable.class,
            r -> assertThat(r.retryAfter()).contains(Duration.ofSeconds(30)));
  }

  @Test
  @DisplayName(
      "QUOTA_EXCEEDED (429) without Retry-After waits at least a minute, doubling per attempt up"
          + " to an hour")
  void quota_exceeded_without_retry_after_backs_off_from_one_minute() {
    fcm.replyTo(
        TOKEN,
        429,
        FakeFcm.error(429, "RESOURCE_EXHAUSTED", "QUOTA_EXCEEDED", "Quota exceeded."),
        Map.of());

    assertThat(retryAfterOnAttempt(1)).contains(Duration.ofMinutes(1));
    assertThat(retryAfterOnAttempt(2)).contains(Duration.ofMinutes(2));
    assertThat(retryAfterOnAttempt(3)).contains(Duration.ofMinutes(4));
    assertThat(retryAfterOnAttempt(7)).contains(Duration.ofMinutes(60));
    assertThat(retryAfterOnAttempt(40)).contains(Duration.ofHours(1));
  }

  @Test
  @DisplayName("a 429 without FCM's error code is read as QUOTA_EXCEEDED")
  void bare429_backs_off_from_one_minute() {
    fcm.replyTo(TOKEN, 429, "Too many requests", Map.of());

    assertThat(retryAfterOnAttempt(2)).contains(Duration.ofMinutes(2));
  }

  @Test
  @DisplayName(
      "UNAVAILABLE (503) and INTERNAL (500) without Retry-After back off exponentially from a"
          + " second")
  void server_errors_without_retry_after_back_off_exponentially() {
    fcm.replyTo(
        TOKEN,
        503,
        FakeFcm.error(503, "UNAVAILABLE", "UNAVAILABLE", "The service is unavailable."),
        Map.of());
    assertThat(retryAfterOnAttempt(1)).contains(Duration.ofSeconds(1));
    assertThat(retryAfterOnAttempt(2)).contains(Duration.ofSeconds(2));
    assertThat(retryAfterOnAttempt(5)).contains(Duration.ofSeconds(16));
    assertThat(retryAfterOnAttempt(20)).contains(Duration.ofHours(1));

    fcm.replyTo(
        TOKEN, 500, FakeFcm.error(500, "INTERNAL", "INTERNAL", "Internal error."), Map.of());
    assertThat(retryAfterOnAttempt(4)).contains(Duration.ofSeconds(8));
  }

  /** An alert for {@code token} on its {@code attempt}th attempt (1 for the first). */
  private static OutboundMessage pushTo(String token, int attempt) {
    return TestData.outbound(ChannelType.PUSH, "fcm:" + token)
        .content(alert("Hi", "x", null))
        .data(Map.of())
        .attempt(attempt)
        .build();
  }

  private Optional<Duration> retryAfterOnAttempt(int attempt) {
    SendResult result = adapter.send(pushTo(TOKEN, attempt));
    assertThat(result).isInstanceOf(SendResult.Retryable.class);
    return ((SendResult.Retryable) result).retryAfter();
  }

  @Test
  @DisplayName(
      "UNAVAILABLE (503) and INTERNAL (500) are retryable; an HTTP-date Retry-After is read")
  void server_errors_are_retryable() {
    fcm.replyTo(
        TOKEN,
        503,
        FakeFcm.error(503, "UNAVAILABLE", "UNAVAILABLE", "The service is unavailable."),
        Map.of("Retry-After", "Tue, 01 Jan 2030 10:02:00 GMT"));
    SendResult unavailable =
        adapter.send(
            TestData.outbound(ChannelType.PUSH, "fcm:" + TOKEN)
                .content(alert("Hi", "x", null))
                .data(Map.of())
                .build());
    assertThat(((SendResult.Retryable) unavailable).retryAfter()).contains(Duration.ofMinutes(2));

    fcm.replyTo(
        TOKEN,
        500,
        FakeFcm.error(500, "INTERNAL", "INTERNAL", "Internal error."),
        Map.of("Retry-After", "5"));
    SendResult internal = adapter.send(pushTo(TOKEN, 6));
    assertThat(internal)
        .isInstanceOfSatisfying(
            SendResult.Retryable.class,
            r -> assertThat(r.retryAfter()).contains(Duration.ofSeconds(5)));
  }

  @Test
  @DisplayName("SENDER_ID_MISMATCH and THIRD_PARTY_AUTH_ERROR are permanent, the token kept")
  void sender_and_auth_errors_are_permanent() {
    fcm.replyTo(
        TOKEN,
        403,
        FakeFcm.error(403, "PERMISSION_DENIED", "SENDER_ID_MISMATCH", "SenderId mismatch"),
        Map.of());
    assertThat(
            ((SendResult.Permanent)
                    adapter.send(
                        TestData.outbound(ChannelType.PUSH, "fcm:" + TOKEN)
                            .content(alert("Hi", "x", null))
                            .data(Map.of())
                            .build()))
                .code())
        .isEqualTo("SENDER_ID_MISMATCH");

    fcm.replyTo(
        TOKEN,
        401,
        FakeFcm.error(401, "UNAUTHENTICATED", "THIRD_PARTY_AUTH_ERROR", "Auth error from APNS"),
        Map.of());
    assertThat(
            ((SendResult.Permanent)
                    adapter.send(
                        TestData.outbound(ChannelType.PUSH, "fcm:" + TOKEN)
                            .content(alert("Hi", "x", null))
                            .data(Map.of())
                            .build()))
                .code())
        .isEqualTo("THIRD_PARTY_AUTH_ERROR");
    assertThat(fcm.tokenExchanges()).isEqualTo(1);
  }

  @Test
  @DisplayName("a payload over 4096 bytes is refused before any network call")
  void oversized_payload_is_refused_locally() {
    SendResult result =
        adapter.send(
            TestData.outbound(ChannelType.PUSH, "fcm:" + TOKEN)
                .content(alert("Hi", "x".repeat(4100), null))
                .data(Map.of())
                .build());

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Permanent.class,
            p -> {
              assertThat(p.code()).isEqualTo("payload_too_large");
              assertThat(p.reason()).contains("4096");
            });
    assertThat(fcm.tokenExchanges()).isZero();
    assertThat(fcm.sendRequests).hasValue(0);
  }

  @Test
  @DisplayName("a data key FCM reserves is refused before any network call, naming the key")
  void reserved_data_key_is_refused() {
    SendResult result =
        adapter.send(
            TestData.outbound(ChannelType.PUSH, "fcm:" + TOKEN)
                .content(alert("Hi", "x", null))
                .data(Map.of("google.sent", "1"))
                .build());

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Permanent.class,
            p -> assertThat(p.reason()).startsWith("data.google.sent: is reserved by FCM"));
    assertThat(fcm.sendRequests).hasValue(0);
  }

  @Test
  @DisplayName("data-only content becomes a data message without a notification block")
  void data_only_message() {
    adapter.send(
        TestData.outbound(ChannelType.PUSH, "fcm:" + TOKEN)
            .content(Content.builder().build())
            .data(Map.of("sync", "inbox"))
            .build());

    JsonNode sent = fcm.messages.get(0).path("message");
    assertThat(sent.has("notification")).isFalse();
    assertThat(sent.path("data").path("sync").asText()).isEqualTo("inbox");
  }

  @Test
  @DisplayName("a token endpoint refusing the assertion fails permanently with its OAuth error")
  void refused_assertion_is_permanent() {
    fcm.tokenEndpointReplies(
        400, "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}");

    SendResult result =
        adapter.send(
            TestData.outbound(ChannelType.PUSH, "fcm:" + TOKEN)
                .content(alert("Hi", "x", null))
                .data(Map.of())
                .build());

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Permanent.class,
            p -> {
              assertThat(p.code()).isEqualTo("oauth_invalid_grant");
              assertThat(p.reason()).contains("Invalid JWT Signature");
            });
    assertThat(fcm.sendRequests).hasValue(0);
  }
}
