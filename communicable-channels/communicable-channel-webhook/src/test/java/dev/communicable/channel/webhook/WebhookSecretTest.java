package dev.communicable.channel.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WebhookSecretTest {
  // The test vector published with the Standard Webhooks reference libraries.
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
  static final long TIMESTAMP = 1614265330L;
  static final String BODY = "{\"test\": 2432232314}";
  static final String SIGNATURE = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

  @Test
  @DisplayName("signs the specification's test vector exactly as the reference libraries do")
  void signs_the_reference_vector() {
    assertThat(
            WebhookSecret.parse(SECRET).sign(ID, TIMESTAMP, BODY.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(SIGNATURE);
  }

  @Test
  @DisplayName("accepts the secret without its whsec_ prefix, like the reference libraries")
  void prefix_is_optional() {
    assertThat(
            WebhookSecret.parse(SECRET.substring("whsec_".length()))
                .sign(ID, TIMESTAMP, BODY.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(SIGNATURE);
  }

  @Test
  @DisplayName("refuses text that is not base64, naming the field without echoing the secret")
  void refuses_non_base64() {
    assertThatThrownBy(() -> WebhookSecret.parse("whsec_not*base64!secret-text-here"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("secret:")
        .hasMessageNotContaining("not*base64");
  }

  @Test
  @DisplayName("refuses keys shorter than 24 or longer than 64 bytes")
  void refuses_wrong_key_lengths() {
    assertThatThrownBy(() -> WebhookSecret.ofBytes(new byte[23]))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("secret: key must be 24 to 64 bytes after base64 decoding, was 23");
    assertThatThrownBy(() -> WebhookSecret.ofBytes(new byte[65])).hasMessageContaining("was 65");
    assertThatThrownBy(() -> WebhookSecret.parse(" "))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("secret: must be set");
  }

  @Test
  @DisplayName("never shows the key in toString, but serializes it for the receiver")
  void to_string_hides_the_key() {
    WebhookSecret secret = WebhookSecret.parse(SECRET);
    assertThat(secret.toString()).isEqualTo("WebhookSecret[whsec_****]");
    assertThat(secret.serialized()).isEqualTo(SECRET);
  }

  @Test
  @DisplayName("a generated secret round-trips through its serialized form")
  void generated_secret_round_trips() {
    WebhookSecret secret = WebhookSecret.generate(new SecureRandom());
    byte[] body = "{}".getBytes(StandardCharsets.UTF_8);
    assertThat(secret.serialized()).startsWith("whsec_");
    assertThat(WebhookSecret.parse(secret.serialized()).sign("id", 1, body))
        .isEqualTo(secret.sign("id", 1, body));
  }
}
