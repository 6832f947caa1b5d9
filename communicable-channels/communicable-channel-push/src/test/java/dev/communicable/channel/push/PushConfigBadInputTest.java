package dev.communicable.channel.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.support.HttpSettings;
import java.nio.file.Path;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("push configs refuse bad input, naming the field without a prefix")
class PushConfigBadInputTest {

  @Test
  @DisplayName("the factory: no platform, null or base-URL HTTP settings, null configs")
  void factory() {
    rejects(() -> PushAdapters.builder().build(), "platforms");
    rejects(() -> PushAdapters.builder().http(null), "http");
    rejects(
        () ->
            PushAdapters.builder()
                .http(HttpSettings.builder().baseUrl("https://push.example").build()),
        "baseUrl");
    rejects(() -> PushAdapters.builder().fcm(null), "fcm");
    rejects(() -> PushAdapters.builder().apns(null), "apns");
    rejects(() -> PushAdapters.builder().webPush(null), "webPush");
    rejects(() -> PushAdapters.builder().httpClient(null), "httpClient");
  }

  @Test
  @DisplayName("FCM: null values, a missing or unreadable service account, a negative margin")
  void fcm() {
    rejects(() -> FcmConfig.builder().serviceAccountJson(null), "serviceAccountJson");
    rejects(() -> FcmConfig.builder().serviceAccountFile(null), "serviceAccountFile");
    rejects(
        () -> FcmConfig.builder().serviceAccountFile(Path.of("/no/such/file.json")),
        "serviceAccountFile");
    rejects(() -> FcmConfig.builder().projectId(null), "projectId");
    rejects(
        () -> FcmConfig.builder().tokenRefreshMargin(Duration.ofSeconds(-1)), "tokenRefreshMargin");
    rejects(() -> FcmConfig.builder().build(), "serviceAccount");
    rejects(() -> FcmConfig.builder().serviceAccountJson("{").build(), "serviceAccount");
  }

  @Test
  @DisplayName("APNs: null values, a bad port, a negative expiration, missing ids")
  void apns() {
    rejects(() -> ApnsConfig.builder().signingKey(null), "signingKey");
    rejects(() -> ApnsConfig.builder().keyId(null), "keyId");
    rejects(() -> ApnsConfig.builder().teamId(null), "teamId");
    rejects(() -> ApnsConfig.builder().topic(null), "topic");
    rejects(() -> ApnsConfig.builder().server(" ", 443), "host");
    rejects(() -> ApnsConfig.builder().server("localhost", 0), "port");
    rejects(() -> ApnsConfig.builder().expiration(Duration.ofSeconds(-1)), "expiration");
    rejects(() -> ApnsConfig.builder().build(), "signingKey");
    rejects(() -> ApnsConfig.builder().signingKey("x").keyId("short").build(), "keyId");
  }

  @Test
  @DisplayName("Web Push: null values, a bad subject, a TTL out of range")
  void web_push() {
    rejects(() -> WebPushConfig.builder().vapidPublicKey(null), "vapidPublicKey");
    rejects(() -> WebPushConfig.builder().vapidPrivateKey(null), "vapidPrivateKey");
    rejects(() -> WebPushConfig.builder().subject(null), "subject");
    rejects(() -> WebPushConfig.builder().ttl(Duration.ofDays(29)), "ttl");
    rejects(() -> WebPushConfig.builder().ttl(null), "ttl");
    rejects(() -> WebPushConfig.builder().build(), "vapidPublicKey");
  }

  private static void rejects(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
