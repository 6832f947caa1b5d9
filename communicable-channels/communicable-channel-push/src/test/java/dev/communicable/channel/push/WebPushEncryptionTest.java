package dev.communicable.channel.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class WebPushEncryptionTest {
  // The worked example of RFC 8291, section 5 and appendix A.
  private static final String PLAINTEXT = "When I grow up, I want to be a watermelon";
  private static final String UA_PUBLIC =
      "BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4";
  private static final String UA_PRIVATE = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94";
  private static final String AUTH = "BTBZMqHH6r4Tts7J_aSIgg";
  private static final String AS_PUBLIC =
      "BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8";
  private static final String AS_PRIVATE = "yfWPiYE-n46HLnH0KqZOF1fJJU3MYrct3AELtAQ-oRw";
  private static final String SALT = "DGv6ra1nlYgDCS1FRnbzlw";
  private static final String BODY =
      "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN";

  @Test
  @DisplayName("encrypting the RFC 8291 example gives the RFC's body byte for byte")
  void matches_the_rfc_example() {
    KeyPair sender =
        new KeyPair(
            EcKeys.publicKey(Base64Url.decode(AS_PUBLIC)),
            EcKeys.privateKey(Base64Url.decode(AS_PRIVATE)));

    byte[] body =
        WebPushEncryption.encrypt(
            PLAINTEXT.getBytes(StandardCharsets.UTF_8),
            EcKeys.publicKey(Base64Url.decode(UA_PUBLIC)),
            Base64Url.decode(AUTH),
            sender,
            Base64Url.decode(SALT));

    assertThat(Base64Url.encode(body)).isEqualTo(BODY);
  }

  @Test
  @DisplayName("the RFC's subscriber decrypts the RFC's body with the independent receiver")
  void receiver_decrypts_the_rfc_example() throws Exception {
    ECPublicKey uaPublic = EcKeys.publicKey(Base64Url.decode(UA_PUBLIC));
    ECPrivateKey uaPrivate = EcKeys.privateKey(Base64Url.decode(UA_PRIVATE));
    WebPushReceiver receiver =
        new WebPushReceiver(new KeyPair(uaPublic, uaPrivate), Base64Url.decode(AUTH));

    assertThat(new String(receiver.decrypt(Base64Url.decode(BODY)), StandardCharsets.UTF_8))
        .isEqualTo(PLAINTEXT);
  }

  @Test
  @DisplayName("each message gets a fresh key pair and salt, and the subscriber decrypts it")
  void fresh_keys_round_trip() throws Exception {
    SecureRandom random = new SecureRandom();
    KeyPair subscriber = EcKeys.generate(random);
    byte[] auth = new byte[16];
    random.nextBytes(auth);
    WebPushEncryption encryption = new WebPushEncryption(random);
    byte[] plaintext = "{\"title\":\"Hi\"}".getBytes(StandardCharsets.UTF_8);

    byte[] first = encryption.encrypt(plaintext, (ECPublicKey) subscriber.getPublic(), auth);
    byte[] second = encryption.encrypt(plaintext, (ECPublicKey) subscriber.getPublic(), auth);

    assertThat(first).isNotEqualTo(second);
    WebPushReceiver receiver = new WebPushReceiver(subscriber, auth);
    assertThat(receiver.decrypt(first)).isEqualTo(plaintext);
    assertThat(receiver.decrypt(second)).isEqualTo(plaintext);
  }

  @Test
  @DisplayName("a plaintext of 3993 bytes fits one 4096-byte record; 3994 is refused")
  void record_limit() {
    SecureRandom random = new SecureRandom();
    KeyPair subscriber = EcKeys.generate(random);
    WebPushEncryption encryption = new WebPushEncryption(random);
    ECPublicKey key = (ECPublicKey) subscriber.getPublic();

    assertThat(encryption.encrypt(new byte[3993], key, new byte[16])).hasSize(4096);
    assertThatThrownBy(() -> encryption.encrypt(new byte[3994], key, new byte[16]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("3993");
  }
}
