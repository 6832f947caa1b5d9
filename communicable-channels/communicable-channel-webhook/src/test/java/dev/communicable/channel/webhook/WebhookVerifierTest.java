package dev.communicable.channel.webhook;

import static dev.communicable.channel.webhook.WebhookSecretTest.BODY;
import static dev.communicable.channel.webhook.WebhookSecretTest.ID;
import static dev.communicable.channel.webhook.WebhookSecretTest.SECRET;
import static dev.communicable.channel.webhook.WebhookSecretTest.SIGNATURE;
import static dev.communicable.channel.webhook.WebhookSecretTest.TIMESTAMP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.webhook.WebhookVerificationException.Reason;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WebhookVerifierTest {
  static final byte[] BODY_BYTES = BODY.getBytes(StandardCharsets.UTF_8);

  static Clock at(long epochSecond) {
    return Clock.fixed(Instant.ofEpochSecond(epochSecond), ZoneOffset.UTC);
  }

  WebhookVerifier verifierAt(long epochSecond) {
    return WebhookVerifier.builder().secret(SECRET).clock(at(epochSecond)).build();
  }

  @Test
  @DisplayName("accepts the specification's test vector")
  void accepts_the_reference_vector() {
    assertThatCode(
            () -> verifierAt(TIMESTAMP).verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY_BYTES))
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName("reads the three headers case-insensitively from a header map")
  void reads_header_maps() {
    Map<String, List<String>> headers =
        Map.of(
            "Webhook-Id", List.of(ID),
            "WEBHOOK-TIMESTAMP", List.of(Long.toString(TIMESTAMP)),
            "webhook-signature", List.of(SIGNATURE));
    assertThatCode(() -> verifierAt(TIMESTAMP).verify(headers, BODY_BYTES))
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName("accepts a timestamp up to the 5-minute tolerance either way, and no further")
  void enforces_the_tolerance_window() {
    String ts = Long.toString(TIMESTAMP);
    assertThatCode(() -> verifierAt(TIMESTAMP + 300).verify(ID, ts, SIGNATURE, BODY_BYTES))
        .doesNotThrowAnyException();
    assertThatCode(() -> verifierAt(TIMESTAMP - 300).verify(ID, ts, SIGNATURE, BODY_BYTES))
        .doesNotThrowAnyException();
    assertFails(
        () -> verifierAt(TIMESTAMP + 301).verify(ID, ts, SIGNATURE, BODY_BYTES),
        Reason.STALE_TIMESTAMP,
        "webhook-timestamp: 301 s old, more than the tolerance of 300 s");
    assertFails(
        () -> verifierAt(TIMESTAMP - 301).verify(ID, ts, SIGNATURE, BODY_BYTES),
        Reason.FUTURE_TIMESTAMP,
        "webhook-timestamp: 301 s in the future, more than the tolerance of 300 s");
  }

  @Test
  @DisplayName("a configured tolerance replaces the default")
  void tolerance_is_configurable() {
    WebhookVerifier strict =
        WebhookVerifier.builder()
            .secret(SECRET)
            .tolerance(Duration.ofSeconds(10))
            .clock(at(TIMESTAMP + 11))
            .build();
    assertFails(
        () -> strict.verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY_BYTES),
        Reason.STALE_TIMESTAMP,
        "webhook-timestamp: 11 s old, more than the tolerance of 10 s");
  }

  @Test
  @DisplayName("refuses a body changed by a single byte")
  void refuses_a_tampered_body() {
    byte[] tampered = "{\"test\": 2432232315}".getBytes(StandardCharsets.UTF_8);
    assertFails(
        () -> verifierAt(TIMESTAMP).verify(ID, Long.toString(TIMESTAMP), SIGNATURE, tampered),
        Reason.SIGNATURE_MISMATCH,
        "webhook-signature: no v1 signature matches any of the 1 configured secret(s) (1 v1"
            + " signature(s) offered)");
  }

  @Test
  @DisplayName("refuses a changed id or timestamp, which the signature also covers")
  void signature_covers_id_and_timestamp() {
    WebhookVerifier verifier = verifierAt(TIMESTAMP);
    assertFails(
        () -> verifier.verify("msg_other", Long.toString(TIMESTAMP), SIGNATURE, BODY_BYTES),
        Reason.SIGNATURE_MISMATCH,
        null);
    assertFails(
        () -> verifier.verify(ID, Long.toString(TIMESTAMP + 1), SIGNATURE, BODY_BYTES),
        Reason.SIGNATURE_MISMATCH,
        null);
  }

  @Test
  @DisplayName("refuses a signature made with another secret")
  void refuses_another_secret() {
    WebhookVerifier other =
        WebhookVerifier.builder()
            .secret(WebhookSecret.generate(new SecureRandom()))
            .clock(at(TIMESTAMP))
            .build();
    assertFails(
        () -> other.verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY_BYTES),
        Reason.SIGNATURE_MISMATCH,
        null);
  }

  @Test
  @DisplayName("during a rotation, accepts a header holding any matching signature among several")
  void accepts_one_match_among_several_signatures() {
    String header = "v1,bm9wZQ== v1a,c29tZXRoaW5nIGVsc2U= " + SIGNATURE;
    assertThatCode(
            () -> verifierAt(TIMESTAMP).verify(ID, Long.toString(TIMESTAMP), header, BODY_BYTES))
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName("during a rotation, a verifier holding old and new secrets accepts either")
  void accepts_any_of_several_secrets() {
    WebhookVerifier verifier =
        WebhookVerifier.builder()
            .secret(WebhookSecret.generate(new SecureRandom()))
            .secret(SECRET)
            .clock(at(TIMESTAMP))
            .build();
    assertThatCode(() -> verifier.verify(ID, Long.toString(TIMESTAMP), SIGNATURE, BODY_BYTES))
        .doesNotThrowAnyException();
  }

  @Test
  @DisplayName("ignores signatures of other schemes and undecodable ones")
  void ignores_foreign_signatures() {
    assertFails(
        () ->
            verifierAt(TIMESTAMP)
                .verify(ID, Long.toString(TIMESTAMP), "v1a,AAAA v1,***", BODY_BYTES),
        Reason.SIGNATURE_MISMATCH,
        null);
  }

  @Test
  @DisplayName("names a missing header, and a timestamp that is not a number")
  void names_missing_and_malformed_headers() {
    WebhookVerifier verifier = verifierAt(TIMESTAMP);
    assertFails(
        () -> verifier.verify(null, "1", SIGNATURE, BODY_BYTES),
        Reason.MISSING_HEADER,
        "webhook-id: header is missing");
    assertFails(
        () -> verifier.verify(Map.of("webhook-id", List.of(ID)), BODY_BYTES),
        Reason.MISSING_HEADER,
        "webhook-timestamp: header is missing");
    assertFails(
        () -> verifier.verify(ID, "1", " ", BODY_BYTES),
        Reason.MISSING_HEADER,
        "webhook-signature: header is missing");
    assertFails(
        () -> verifier.verify(ID, "2021-02-25T15:02:10Z", SIGNATURE, BODY_BYTES),
        Reason.MALFORMED_TIMESTAMP,
        "webhook-timestamp: must be whole seconds since the epoch, was '2021-02-25T15:02:10Z'");
  }

  @Test
  @DisplayName("the builder requires a secret and a sane tolerance, and hides secrets")
  void builder_checks() {
    assertThatThrownBy(() -> WebhookVerifier.builder().build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("secrets: at least one secret is required");
    assertThatThrownBy(() -> WebhookVerifier.builder().tolerance(Duration.ZERO))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("tolerance: must be between PT1S and PT1H, was PT0S");
    assertThat(verifierAt(0).toString())
        .isEqualTo("WebhookVerifier[secrets=1, tolerance=PT5M]")
        .doesNotContain("MfKQ9r8");
  }

  private static void assertFails(ThrowingCallable call, Reason reason, String message) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(reason);
              if (message != null) {
                assertThat(e).hasMessage(message);
              }
            });
  }
}
