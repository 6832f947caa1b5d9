package dev.communicable.channel.push;

import static dev.communicable.channel.push.TestSupport.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelAdapters;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.SendResult;
import dev.communicable.testkit.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PushAdapterTest {
  private static final String APNS_TOKEN = "0123456789abcdef".repeat(4);
  private static WebPushConfig.VapidKeys vapid;
  private static ChannelAdapter webPushOnly;
  private static String subscription;

  @BeforeAll
  static void setUp() {
    vapid = WebPushConfig.generateVapidKeys();
    webPushOnly =
        PushAdapters.builder()
            .webPush(
                WebPushConfig.builder()
                    .vapidPublicKey(vapid.publicKey())
                    .vapidPrivateKey(vapid.privateKey())
                    .subject("mailto:ops@shop.example")
                    .build())
            .build();
    KeyPair browser = EcKeys.generate(new SecureRandom());
    subscription =
        "{\"endpoint\":\"https://push.example/send/abc\",\"keys\":{\"p256dh\":\""
            + Base64Url.encode(EcKeys.uncompressed((ECPublicKey) browser.getPublic()))
            + "\",\"auth\":\""
            + Base64Url.encode(new byte[16])
            + "\"}}";
  }

  @Nested
  @DisplayName("validateAddress")
  class ValidateAddress {
    @Test
    @DisplayName("accepts well-formed tokens of every platform, configured or not")
    void accepts_well_formed_tokens() {
      webPushOnly.validateAddress(
          "fcm:dXs3r1c3QmS0abcDEF:APA91bHun4MxP5egoKMwt2KZFBaFUH-1RYqx_Example");
      webPushOnly.validateAddress("apns:" + APNS_TOKEN);
      webPushOnly.validateAddress("apns:" + APNS_TOKEN.toUpperCase());
      webPushOnly.validateAddress("webpush:" + subscription);
    }

    @Test
    @DisplayName("refuses an address without a known platform prefix")
    void refuses_unknown_platform() {
      assertRefused("sms:+14155550100", "unknown push platform 'sms'");
      assertRefused(APNS_TOKEN, "must be 'platform:token'");
      assertRefused("", "was empty");
    }

    @Test
    @DisplayName("refuses an APNs token that is not 64 hexadecimal characters")
    void refuses_bad_apns_token() {
      assertRefused("apns:" + APNS_TOKEN.substring(2), "64 hexadecimal characters, was 62");
      assertRefused("apns:" + "z".repeat(64), "64 hexadecimal characters");
    }

    @Test
    @DisplayName("refuses an FCM token that is too short or has foreign characters")
    void refuses_bad_fcm_token() {
      assertRefused("fcm:short", "FCM registration token");
      assertRefused("fcm:" + "a".repeat(40) + " " + "b".repeat(40), "FCM registration token");
    }

    @Test
    @DisplayName("refuses a Web Push subscription without https, or with malformed keys")
    void refuses_bad_subscriptions() {
      assertRefused("webpush:not json", "was not JSON");
      assertRefused(
          "webpush:" + subscription.replace("https://", "http://"), "must be an https URL");
      assertRefused(
          "webpush:" + subscription.replaceAll("\"auth\":\"[^\"]*\"", "\"auth\":\"AAAA\""),
          "keys.auth must be 16 bytes, was 3");
      assertRefused(
          "webpush:" + subscription.replaceAll("\"p256dh\":\"[^\"]*\"", "\"p256dh\":\"BAAA\""),
          "keys.p256dh must be a 65-byte uncompressed P-256 point");
      byte[] offCurve = new byte[65];
      offCurve[0] = 4;
      offCurve[64] = 1;
      assertRefused(
          "webpush:"
              + subscription.replaceAll(
                  "\"p256dh\":\"[^\"]*\"", "\"p256dh\":\"" + Base64Url.encode(offCurve) + "\""),
          "not a point on the P-256 curve");
      assertRefused("webpush:{\"keys\":{}}", "needs an endpoint");
    }

    private void assertRefused(String address, String problem) {
      assertThatThrownBy(() -> webPushOnly.validateAddress(address))
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> {
                assertThat(e.field()).isEqualTo("address");
                assertThat(e.problem()).contains(problem);
              });
    }
  }

  @Nested
  @DisplayName("send")
  class Send {
    @Test
    @DisplayName("a malformed address fails permanently without a network call")
    void malformed_address_is_permanent() {
      SendResult result =
          webPushOnly.send(
              TestData.outbound(ChannelType.PUSH, "apns:12")
                  .content(alert("Hi", "x", null))
                  .data(Map.of())
                  .build());

      assertThat(result)
          .isInstanceOfSatisfying(
              SendResult.Permanent.class,
              p -> {
                assertThat(p.provider())
                    .as("refused before a platform was chosen")
                    .isEqualTo("push");
                assertThat(p.code()).isEqualTo("invalid_address");
                assertThat(p.reason()).startsWith("address: an APNs device token");
              });
    }

    @Test
    @DisplayName("an address for a platform this adapter does not send to fails permanently")
    void unconfigured_platform_is_permanent() {
      SendResult result =
          webPushOnly.send(
              TestData.outbound(ChannelType.PUSH, "apns:" + APNS_TOKEN)
                  .content(alert("Hi", "x", null))
                  .data(Map.of())
                  .build());

      assertThat(result)
          .isInstanceOfSatisfying(
              SendResult.Permanent.class,
              p -> {
                assertThat(p.provider()).isEqualTo("push");
                assertThat(p.code()).isEqualTo("platform_not_configured");
                assertThat(p.reason()).contains("'apns'").contains("configured: webpush");
              });
    }

    @Test
    @DisplayName("empty content is refused naming the content")
    void empty_content_is_refused() {
      SendResult result =
          webPushOnly.send(
              TestData.outbound(ChannelType.PUSH, "webpush:" + subscription)
                  .content(Content.builder().build())
                  .data(Map.of())
                  .build());

      assertThat(result)
          .isInstanceOfSatisfying(
              SendResult.Permanent.class,
              p -> {
                assertThat(p.code()).isEqualTo("invalid_request");
                assertThat(p.reason()).startsWith("content: a push needs a title, a text or data");
              });
    }

    @Test
    @DisplayName("with allowed push service hosts, a subscription elsewhere is refused unsent")
    void endpoint_host_allow_list() {
      try (ChannelAdapter restricted =
          PushAdapters.builder()
              .webPush(
                  WebPushConfig.builder()
                      .vapidPublicKey(vapid.publicKey())
                      .vapidPrivateKey(vapid.privateKey())
                      .subject("mailto:ops@shop.example")
                      .allowedEndpointHosts("googleapis.com", "push.services.mozilla.com")
                      .build())
              .build()) {
        restricted.validateAddress(
            "webpush:" + subscription.replace("push.example/send", "googleapis.com/fcm/send"));
        assertThatThrownBy(() -> restricted.validateAddress("webpush:" + subscription))
            .hasMessageContaining("host 'push.example' is not an allowed push service");

        SendResult result =
            restricted.send(
                TestData.outbound(ChannelType.PUSH, "webpush:" + subscription)
                    .content(alert("Hi", "x", null))
                    .data(Map.of())
                    .build());

        assertThat(result)
            .isInstanceOfSatisfying(
                SendResult.Permanent.class,
                p -> {
                  assertThat(p.provider())
                      .as("refused by the Web Push sender")
                      .isEqualTo("webpush");
                  assertThat(p.code()).isEqualTo("invalid_address");
                });
      }
    }

    @Test
    @DisplayName("serves the push channel")
    void serves_push() {
      assertThat(webPushOnly.channel()).isEqualTo(ChannelType.PUSH);
      assertThat(webPushOnly.provider()).isEqualTo("push");
    }

    @Test
    @DisplayName("declares the names its results carry: push and each configured platform")
    void declares_its_providers() {
      assertThat(webPushOnly.providers()).containsExactlyInAnyOrder("push", "webpush");
    }
  }

  @Nested
  @DisplayName("configuration")
  class Configuration {
    @Test
    @DisplayName("no config shows its secret in toString")
    void to_string_hides_secrets() {
      FakeFcmKeys keys = new FakeFcmKeys();
      FcmConfig fcm = FcmConfig.builder().serviceAccountJson(keys.json).build();
      WebPushConfig web =
          WebPushConfig.builder()
              .vapidPublicKey(vapid.publicKey())
              .vapidPrivateKey(vapid.privateKey())
              .subject("mailto:ops@shop.example")
              .build();
      KeyPair apnsKey = EcKeys.generate(new SecureRandom());
      String p8 = TestSupport.pem("PRIVATE KEY", apnsKey.getPrivate().getEncoded());
      ApnsConfig apns =
          ApnsConfig.builder()
              .signingKey(p8)
              .keyId("ABC123DEFG")
              .teamId("TEAM123456")
              .topic("com.example.shop")
              .build();

      assertThat(fcm.toString())
          .contains("demo-project", "<redacted>")
          .doesNotContain(keys.base64Body().substring(0, 40));
      assertThat(web.toString())
          .contains(vapid.publicKey(), "<redacted>")
          .doesNotContain(vapid.privateKey());
      assertThat(vapid.toString()).doesNotContain(vapid.privateKey());
      String p8Body = p8.split("\n")[1];
      assertThat(apns.toString()).contains("com.example.shop", "<redacted>").doesNotContain(p8Body);
    }

    @Test
    @DisplayName("builders name the setting that is missing or wrong")
    void builders_name_the_field() {
      assertThatThrownBy(() -> PushAdapters.builder().build())
          .hasMessage("platforms: configure at least one of fcm, apns and webPush");
      assertThatThrownBy(() -> FcmConfig.builder().serviceAccountJson("{\"private_key\":").build())
          .hasMessage("serviceAccount: is not valid JSON");
      assertThatThrownBy(
              () ->
                  FcmConfig.builder()
                      .serviceAccountJson(
                          "{\"client_email\":\"a@b.c\",\"private_key\":\"nope\",\"project_id\":\"p-123456\"}")
                      .build())
          .hasMessage("serviceAccount.private_key: is not a PEM PKCS#8 RSA private key");
      assertThatThrownBy(
              () ->
                  ApnsConfig.builder().signingKey("x").keyId("short").teamId("TEAM123456").build())
          .hasMessage("keyId: must be 10 upper-case letters or digits, was 'short'");
      assertThatThrownBy(
              () ->
                  WebPushConfig.builder()
                      .vapidPublicKey(vapid.publicKey())
                      .vapidPrivateKey(WebPushConfig.generateVapidKeys().privateKey())
                      .subject("mailto:ops@shop.example")
                      .build())
          .hasMessage("vapidPrivateKey: does not belong to vapidPublicKey");
      assertThatThrownBy(
              () ->
                  WebPushConfig.builder()
                      .vapidPublicKey(vapid.publicKey())
                      .vapidPrivateKey(vapid.privateKey())
                      .subject("ops@shop.example")
                      .build())
          .hasMessageStartingWith("subject: must be a mailto: or https: URI");
    }
  }

  @Nested
  @DisplayName("discovery")
  class Discovery {
    @Test
    @DisplayName("with no push settings, discovery finds no push adapter")
    void nothing_configured() {
      assertThat(pushAdapters(Map.of())).isEmpty();
    }

    @Test
    @DisplayName("settings for FCM, APNs and Web Push give one push adapter serving all three")
    void all_configured(@TempDir Path dir) throws Exception {
      Path account = dir.resolve("firebase.json");
      Files.writeString(account, new FakeFcmKeys().json, StandardCharsets.UTF_8);
      Path p8 = dir.resolve("AuthKey.p8");
      Files.writeString(
          p8,
          TestSupport.pem(
              "PRIVATE KEY", EcKeys.generate(new SecureRandom()).getPrivate().getEncoded()));
      Map<String, String> settings = new HashMap<>();
      settings.put("communicable.fcm.service-account-file", account.toString());
      settings.put("communicable.apns.key-file", p8.toString());
      settings.put("communicable.apns.key-id", "ABC123DEFG");
      settings.put("communicable.apns.team-id", "TEAM123456");
      settings.put("communicable.apns.topic", "com.example.shop");
      settings.put("communicable.apns.environment", "development");
      settings.put("communicable.webpush.vapid-public-key", vapid.publicKey());
      settings.put("communicable.webpush.vapid-private-key", vapid.privateKey());
      settings.put("communicable.webpush.subject", "mailto:ops@shop.example");
      settings.put("communicable.webpush.allowed-endpoint-hosts", "googleapis.com, push.apple.com");

      List<ChannelAdapter> found = pushAdapters(settings);

      assertThat(found).hasSize(1);
      try (ChannelAdapter push = found.get(0)) {
        assertThat(push.toString()).isEqualTo("PushAdapter[apns, fcm, webpush]");
      }
    }

    @Test
    @DisplayName("communicable.fcm.token-uri and .api-base-uri point FCM at other endpoints")
    void fcm_endpoints_from_settings(@TempDir Path dir) throws Exception {
      try (FakeFcm fcm = new FakeFcm(Clock.systemUTC())) {
        String tokenUri = fcm.tokenUri().toString();
        Path account = dir.resolve("firebase.json");
        Files.writeString(
            account,
            fcm.serviceAccountJson()
                .replace(fcm.tokenUri().toString(), "https://oauth2.invalid/token"));
        Map<String, String> settings =
            Map.of(
                "communicable.fcm.service-account-file", account.toString(),
                "communicable.fcm.token-uri", fcm.tokenUri().toString(),
                "communicable.fcm.api-base-uri", fcm.baseUri().toString());

        try (ChannelAdapter push = pushAdapters(settings).get(0)) {
          String token = "fcm-token-" + "x".repeat(40);
          assertThat(
                  push.send(
                      TestData.outbound(ChannelType.PUSH, "fcm:" + token)
                          .content(alert("Hi", "there", null))
                          .data(Map.of())
                          .build()))
              .isEqualTo(SendResult.accepted("fcm", "projects/demo-project/messages/1"));
        }
        // the assertion was exchanged at the configured token endpoint, its audience
        assertThat(fcm.assertions)
            .singleElement()
            .satisfies(claims -> assertThat(claims.path("aud").asText()).isEqualTo(tokenUri));
      }
    }

    @Test
    @DisplayName("an FCM endpoint setting that is not an http(s) URL is refused naming it")
    void bad_fcm_endpoint_setting(@TempDir Path dir) throws Exception {
      Path account = dir.resolve("firebase.json");
      Files.writeString(account, new FakeFcmKeys().json, StandardCharsets.UTF_8);
      assertThatThrownBy(
              () ->
                  pushAdapters(
                      Map.of(
                          "communicable.fcm.service-account-file",
                          account.toString(),
                          "communicable.fcm.api-base-uri",
                          "fcm.example.com/v1")))
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> assertThat(e.field()).isEqualTo("communicable.fcm.api-base-uri"));
      assertThatThrownBy(
              () ->
                  pushAdapters(
                      Map.of(
                          "communicable.fcm.service-account-file",
                          account.toString(),
                          "communicable.fcm.token-uri",
                          "ftp://oauth.example.com/token")))
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> assertThat(e.field()).isEqualTo("communicable.fcm.token-uri"));
    }

    @Test
    @DisplayName("a half-configured platform is refused naming the missing setting")
    void half_configured(@TempDir Path dir) throws Exception {
      Path p8 = dir.resolve("AuthKey.p8");
      Files.writeString(p8, "irrelevant");
      assertThatThrownBy(
              () ->
                  pushAdapters(
                      Map.of(
                          "communicable.apns.key-file",
                          p8.toString(),
                          "communicable.apns.key-id",
                          "ABC123DEFG")))
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> assertThat(e.field()).isEqualTo("communicable.apns.team-id"));
    }

    private List<ChannelAdapter> pushAdapters(Map<String, String> settings) {
      return ChannelAdapters.discover(getClass().getClassLoader(), settings::get).stream()
          .filter(a -> a.channel().equals(ChannelType.PUSH))
          .toList();
    }
  }

  /** A service account JSON with a fresh key. */
  static final class FakeFcmKeys {
    final KeyPair keys = TestSupport.keyPair("RSA", 2048);
    final String json =
        "{\"type\":\"service_account\",\"project_id\":\"demo-project\",\"private_key_id\":\"k1\","
            + "\"private_key\":\""
            + TestSupport.pem("PRIVATE KEY", keys.getPrivate().getEncoded()).replace("\n", "\\n")
            + "\",\"client_email\":\"push@demo-project.iam.gserviceaccount.com\"}";

    String base64Body() {
      return java.util.Base64.getEncoder().encodeToString(keys.getPrivate().getEncoded());
    }
  }
}
