package dev.communicable.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.memory.SettableClock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Vonage's signed delivery receipts are verified before they are read")
class VonageSignedReceiptsTest {
  static final Instant NOW = Instant.parse("2025-03-01T09:30:00Z");
  static final String SECRET = "sig-secret-0123456789abcdef";

  private final SettableClock clock = SettableClock.of(NOW);
  private final String timestamp = Long.toString(NOW.getEpochSecond() - 10);

  private VonageSignatureCheck check(VonageSignatureCheck.Method method) {
    return VonageSignatureCheck.builder().secret(SECRET).method(method).clock(clock).build();
  }

  /** A receipt as Vonage sends it, before signing. */
  private Map<String, String> receipt() {
    Map<String, String> params = new LinkedHashMap<>();
    params.put("msisdn", "447700900000");
    params.put("to", "AcmeShop");
    params.put("network-code", "23410");
    params.put("messageId", "0C000000217B7F02");
    params.put("price", "0.03330000");
    params.put("status", "failed");
    params.put("scts", "2503010930");
    params.put("err-code", "6");
    params.put("client-ref", "");
    params.put("message-timestamp", "2025-03-01 09:29:50");
    params.put("timestamp", timestamp);
    params.put("nonce", "0f5b2a84-7c1e-4d3b-9f7e-1a2b3c4d5e6f");
    return params;
  }

  /** The documented signing, written out here independently of the class under test. */
  static String expectedSignature(Map<String, String> params, String method) throws Exception {
    StringBuilder text = new StringBuilder();
    params.keySet().stream()
        .filter(k -> !k.equals("sig"))
        .filter(k -> params.get(k) != null && !params.get(k).isBlank())
        .sorted()
        .forEach(
            k ->
                text.append('&')
                    .append(k.replaceAll("[&=]", "_"))
                    .append('=')
                    .append(params.get(k).replaceAll("[&=]", "_")));
    if (method.equals("md5hash")) {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("MD5")
                  .digest((text + SECRET).getBytes(StandardCharsets.UTF_8)));
    }
    String algorithm =
        switch (method) {
          case "md5" -> "HmacMD5";
          case "sha1" -> "HmacSHA1";
          case "sha256" -> "HmacSHA256";
          default -> "HmacSHA512";
        };
    Mac mac = Mac.getInstance(algorithm);
    mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), algorithm));
    return HexFormat.of()
        .formatHex(mac.doFinal(text.toString().getBytes(StandardCharsets.UTF_8)))
        .toUpperCase(Locale.ROOT);
  }

  @Test
  void a_receipt_signed_with_each_method_is_verified_and_read() throws Exception {
    for (VonageSignatureCheck.Method method : VonageSignatureCheck.Method.values()) {
      Map<String, String> params = receipt();
      String sig = expectedSignature(params, method.word());
      params.put("sig", sig);

      SmsDeliveryReceipt dlr = VonageDeliveryReceipts.verifyAndParse(params, check(method));

      assertThat(check(method).sign(params)).as(method.word()).isEqualTo(sig);
      assertThat(dlr.providerMessageId()).isEqualTo("0C000000217B7F02");
      assertThat(dlr.deliveryEvent()).contains(DeliveryEvent.UNDELIVERED);
      assertThat(dlr.detail()).isEqualTo("vonage failed, error 6");
    }
  }

  @Test
  void ampersands_and_equals_signs_in_values_are_signed_as_underscores() throws Exception {
    Map<String, String> params = receipt();
    params.put("client-ref", "order=42&retry=1");
    String sig = expectedSignature(params, "sha256");
    params.put("sig", sig);
    VonageSignatureCheck check = check(VonageSignatureCheck.Method.SHA256_HMAC);

    assertThat(VonageSignatureCheck.signedText(params))
        .contains("&client-ref=order_42_retry_1&")
        .startsWith("&client-ref=")
        .doesNotContain("sig=");
    VonageDeliveryReceipts.verifyAndParse(params, check);
    // The same text, so the same signature: how Vonage's scheme treats the two characters.
    params.put("client-ref", "order_42_retry_1");
    VonageDeliveryReceipts.verifyAndParse(params, check);
    params.put("client-ref", "order-42-retry-1");
    assertThatThrownBy(() -> VonageDeliveryReceipts.verifyAndParse(params, check))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("sig: does not match the parameters");
  }

  @Test
  void a_json_receipt_is_verified_over_its_members() throws Exception {
    Map<String, String> params = receipt();
    params.remove("client-ref");
    String sig = expectedSignature(params, "sha512");
    StringBuilder json = new StringBuilder("{");
    params.forEach((k, v) -> json.append('"').append(k).append("\":\"").append(v).append("\","));
    json.append("\"client-ref\":null,\"sig\":\"").append(sig).append("\"}");

    SmsDeliveryReceipt dlr =
        VonageDeliveryReceipts.verifyAndParseJson(
            json.toString(), check(VonageSignatureCheck.Method.SHA512_HMAC));

    assertThat(dlr.outcome()).isEqualTo(SmsDeliveryReceipt.Outcome.FAILED);
    assertThatThrownBy(
            () ->
                VonageDeliveryReceipts.verifyAndParseJson(
                    json.toString().replace("\"failed\"", "\"delivered\""),
                    check(VonageSignatureCheck.Method.SHA512_HMAC)))
        .hasMessageStartingWith("sig: does not match");
    assertThatThrownBy(
            () ->
                VonageDeliveryReceipts.verifyAndParseJson(
                    "[]", check(VonageSignatureCheck.Method.SHA512_HMAC)))
        .hasMessage("body: must be a JSON object");
  }

  @Test
  void a_tampered_receipt_a_wrong_secret_or_method_or_no_signature_is_refused() throws Exception {
    Map<String, String> params = receipt();
    params.put("sig", expectedSignature(params, "sha256"));
    VonageSignatureCheck sha256 = check(VonageSignatureCheck.Method.SHA256_HMAC);

    Map<String, String> tampered = new LinkedHashMap<>(params);
    tampered.put("status", "delivered");
    assertThatThrownBy(() -> VonageDeliveryReceipts.verifyAndParse(tampered, sha256))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "sig: does not match the parameters; they were not signed with this secret and"
                + " method (sha256)");
    Map<String, String> added = new LinkedHashMap<>(params);
    added.put("extra", "1");
    assertThatThrownBy(() -> VonageDeliveryReceipts.verifyAndParse(added, sha256))
        .hasMessageStartingWith("sig: does not match");
    VonageSignatureCheck otherSecret =
        VonageSignatureCheck.builder()
            .secret("another-secret")
            .method("sha256")
            .clock(clock)
            .build();
    assertThatThrownBy(() -> VonageDeliveryReceipts.verifyAndParse(params, otherSecret))
        .hasMessageStartingWith("sig: does not match");
    assertThatThrownBy(
            () ->
                VonageDeliveryReceipts.verifyAndParse(
                    params, check(VonageSignatureCheck.Method.SHA1_HMAC)))
        .hasMessageStartingWith("sig: does not match");
    Map<String, String> unsigned = receipt();
    assertThatThrownBy(() -> VonageDeliveryReceipts.verifyAndParse(unsigned, sha256))
        .hasMessage("sig: is missing; is signing turned on?");
    // Hex case does not matter.
    Map<String, String> lower = new LinkedHashMap<>(params);
    lower.put("sig", params.get("sig").toLowerCase(Locale.ROOT));
    VonageDeliveryReceipts.verifyAndParse(lower, sha256);
  }

  @Test
  void a_stale_future_missing_or_malformed_timestamp_is_refused() throws Exception {
    VonageSignatureCheck md5 = check(VonageSignatureCheck.Method.MD5_HASH);
    for (String[] c :
        new String[][] {
          {Long.toString(NOW.getEpochSecond() - 301), "timestamp: 301 s old, more than the"},
          {Long.toString(NOW.getEpochSecond() + 302), "timestamp: 302 s in the future"},
          {"2025-03-01 09:30:00", "timestamp: must be whole seconds since the epoch"},
          {"", "timestamp: is missing"},
        }) {
      Map<String, String> params = receipt();
      params.put("timestamp", c[0]);
      params.put("sig", expectedSignature(params, "md5hash"));
      assertThatThrownBy(() -> VonageDeliveryReceipts.verifyAndParse(params, md5))
          .as(c[0])
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith(c[1]);
    }

    Map<String, String> params = receipt();
    params.put("sig", expectedSignature(params, "md5hash"));
    VonageDeliveryReceipts.verifyAndParse(params, md5);
    clock.advance(Duration.ofMinutes(5));
    assertThatThrownBy(() -> VonageDeliveryReceipts.verifyAndParse(params, md5))
        .hasMessage("timestamp: 310 s old, more than the tolerance of 300 s");
    VonageSignatureCheck lenient =
        VonageSignatureCheck.builder()
            .secret(SECRET)
            .clock(clock)
            .tolerance(Duration.ofMinutes(10))
            .build();
    assertThat(lenient.method()).isEqualTo(VonageSignatureCheck.Method.MD5_HASH);
    VonageDeliveryReceipts.verifyAndParse(params, lenient);
  }

  @Test
  void the_config_checks_its_values_and_never_shows_the_secret() {
    assertThat(VonageSignatureCheck.Method.of("SHA256"))
        .isEqualTo(VonageSignatureCheck.Method.SHA256_HMAC);
    assertThat(VonageSignatureCheck.Method.of(" md5hash "))
        .isEqualTo(VonageSignatureCheck.Method.MD5_HASH);
    assertThatThrownBy(() -> VonageSignatureCheck.Method.of("sha384"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("method: must be md5hash, md5, sha1, sha256 or sha512, was 'sha384'");
    assertThatThrownBy(() -> VonageSignatureCheck.builder().build())
        .hasMessage("secret: must not be null or blank, was null");
    assertThatThrownBy(
            () ->
                VonageSignatureCheck.builder()
                    .secret(SECRET)
                    .method((VonageSignatureCheck.Method) null)
                    .build())
        .hasMessage("method: must not be null");
    assertThatThrownBy(
            () ->
                VonageSignatureCheck.builder()
                    .secret(SECRET)
                    .tolerance(Duration.ofSeconds(-1))
                    .build())
        .hasMessage("tolerance: must be positive, was PT-1S");
    assertThat(check(VonageSignatureCheck.Method.SHA512_HMAC).toString())
        .isEqualTo("VonageSignatureCheck[secret=sig-****, method=sha512, tolerance=PT5M]")
        .doesNotContain(SECRET);
  }
}
