package dev.communicable.channel.webhook;

import dev.communicable.InvalidRequestException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A symmetric signing secret in the Standard Webhooks form {@code whsec_<base64>}: 24 to 64 random
 * bytes, base64-encoded, with the {@code whsec_} prefix for easy identification. The same secret
 * signs on the sending side and verifies on the receiving side.
 *
 * <p>{@link #toString()} never shows the key; {@link #serialized()} does, for handing the secret to
 * the receiver once.
 */
public final class WebhookSecret {
  /** The prefix of a serialized symmetric secret. */
  public static final String PREFIX = "whsec_";

  /** Fewest key bytes the specification allows (192 bits). */
  public static final int MIN_BYTES = 24;

  /** Most key bytes the specification allows (512 bits). */
  public static final int MAX_BYTES = 64;

  private static final String HMAC = "HmacSHA256";

  private final byte[] key;

  private WebhookSecret(byte[] key) {
    this.key = key;
  }

  /**
   * Parses {@code whsec_<base64>}. The prefix may be left out, as the reference libraries allow.
   *
   * @throws InvalidRequestException naming the field {@code secret} when the text is not base64 or
   *     the key is shorter than 24 or longer than 64 bytes; the message never repeats the secret
   */
  public static WebhookSecret parse(String serialized) {
    if (serialized == null || serialized.isBlank()) {
      throw new InvalidRequestException("secret", "must be set, in the form whsec_<base64>");
    }
    String encoded =
        serialized.startsWith(PREFIX) ? serialized.substring(PREFIX.length()) : serialized;
    byte[] key;
    try {
      key = Base64.getDecoder().decode(encoded.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "secret", "must be whsec_ followed by standard base64; the text after the prefix is not");
    }
    return ofBytes(key);
  }

  /**
   * A secret from raw key bytes.
   *
   * @throws InvalidRequestException when there are fewer than 24 or more than 64 bytes
   */
  public static WebhookSecret ofBytes(byte[] key) {
    Objects.requireNonNull(key, "key");
    if (key.length < MIN_BYTES || key.length > MAX_BYTES) {
      throw new InvalidRequestException(
          "secret",
          "key must be "
              + MIN_BYTES
              + " to "
              + MAX_BYTES
              + " bytes after base64 decoding, was "
              + key.length);
    }
    return new WebhookSecret(key.clone());
  }

  /** A new random 32-byte secret. */
  public static WebhookSecret generate(SecureRandom random) {
    byte[] key = new byte[32];
    random.nextBytes(key);
    return new WebhookSecret(key);
  }

  /** The secret as {@code whsec_<base64>}: the form to give the receiver. */
  public String serialized() {
    return PREFIX + Base64.getEncoder().encodeToString(key);
  }

  /**
   * The signature of one webhook attempt as it appears in the {@code webhook-signature} header:
   * {@code v1,} followed by the base64 HMAC-SHA256 of {@code id.timestamp.body}.
   *
   * @param id the {@code webhook-id} value
   * @param timestamp the {@code webhook-timestamp} value, seconds since the epoch
   * @param body the exact bytes of the request body
   */
  public String sign(String id, long timestamp, byte[] body) {
    return "v1," + Base64.getEncoder().encodeToString(mac(id, timestamp, body));
  }

  /** The raw HMAC-SHA256 of {@code id.timestamp.body}; for constant-time comparison. */
  byte[] mac(String id, long timestamp, byte[] body) {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(body, "body");
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(new SecretKeySpec(key, HMAC));
      mac.update((id + "." + timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return mac.doFinal(body);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
    }
  }

  /** Shows the prefix only, never the key. */
  @Override
  public String toString() {
    return "WebhookSecret[" + PREFIX + "****]";
  }
}
