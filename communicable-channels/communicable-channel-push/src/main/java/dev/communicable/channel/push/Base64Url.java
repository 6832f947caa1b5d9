package dev.communicable.channel.push;

import java.util.Base64;

/** base64url without padding, as JWTs, VAPID and Web Push subscriptions use it. */
final class Base64Url {
  private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
  private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

  private Base64Url() {}

  static String encode(byte[] bytes) {
    return ENCODER.encodeToString(bytes);
  }

  /**
   * Decodes base64url, with or without '=' padding.
   *
   * @throws IllegalArgumentException when {@code text} is not base64url
   */
  static byte[] decode(String text) {
    String unpadded = text;
    while (unpadded.endsWith("=")) {
      unpadded = unpadded.substring(0, unpadded.length() - 1);
    }
    return DECODER.decode(unpadded);
  }
}
