package dev.communicable.channel.push;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Message encryption for Web Push (RFC 8291) in the {@code aes128gcm} content coding (RFC 8188):
 * ECDH on P-256 between a fresh key pair and the subscriber's key, HKDF-SHA256 mixed with the
 * subscriber's auth secret, AES-128-GCM over one record.
 */
final class WebPushEncryption {
  /** The largest plaintext one 4096-byte record carries (RFC 8291, section 4). */
  static final int MAX_PLAINTEXT = 3993;

  static final int RECORD_SIZE = 4096;
  private static final int SALT_LENGTH = 16;
  private static final int TAG_BITS = 128;
  private static final byte[] KEY_INFO = ascii("WebPush: info\0");
  private static final byte[] CEK_INFO = ascii("Content-Encoding: aes128gcm\0");
  private static final byte[] NONCE_INFO = ascii("Content-Encoding: nonce\0");
  private static final byte LAST_RECORD_DELIMITER = 0x02;

  private final SecureRandom random;

  WebPushEncryption(SecureRandom random) {
    this.random = random;
  }

  /** Encrypts {@code plaintext} for the subscriber with a fresh key pair and salt. */
  byte[] encrypt(byte[] plaintext, ECPublicKey subscriberKey, byte[] authSecret) {
    byte[] salt = new byte[SALT_LENGTH];
    random.nextBytes(salt);
    return encrypt(plaintext, subscriberKey, authSecret, EcKeys.generate(random), salt);
  }

  /**
   * Encrypts with the given sender key pair and salt (fixed only to check against the RFC's worked
   * example). The result is the full request body: salt, record size, key id, ciphertext.
   */
  static byte[] encrypt(
      byte[] plaintext,
      ECPublicKey subscriberKey,
      byte[] authSecret,
      KeyPair senderKeys,
      byte[] salt) {
    if (plaintext.length > MAX_PLAINTEXT) {
      throw new IllegalArgumentException(
          "plaintext of " + plaintext.length + " bytes exceeds " + MAX_PLAINTEXT);
    }
    try {
      byte[] subscriberPoint = EcKeys.uncompressed(subscriberKey);
      byte[] senderPoint = EcKeys.uncompressed((ECPublicKey) senderKeys.getPublic());

      KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
      agreement.init(senderKeys.getPrivate());
      agreement.doPhase(subscriberKey, true);
      byte[] sharedSecret = agreement.generateSecret();

      byte[] keyInfo = concat(KEY_INFO, subscriberPoint, senderPoint);
      byte[] ikm = expand(hmac(authSecret, sharedSecret), keyInfo, 32);
      byte[] prk = hmac(salt, ikm);
      byte[] contentKey = expand(prk, CEK_INFO, 16);
      byte[] nonce = expand(prk, NONCE_INFO, 12);

      byte[] record = new byte[plaintext.length + 1];
      System.arraycopy(plaintext, 0, record, 0, plaintext.length);
      record[plaintext.length] = LAST_RECORD_DELIMITER;

      Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(contentKey, "AES"),
          new GCMParameterSpec(TAG_BITS, nonce));
      byte[] ciphertext = cipher.doFinal(record);

      return ByteBuffer.allocate(SALT_LENGTH + 4 + 1 + senderPoint.length + ciphertext.length)
          .put(salt)
          .putInt(RECORD_SIZE)
          .put((byte) senderPoint.length)
          .put(senderPoint)
          .put(ciphertext)
          .array();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Web Push encryption failed: " + e.getMessage(), e);
    }
  }

  /** HKDF-Expand (RFC 5869) for outputs of at most one hash length. */
  static byte[] expand(byte[] prk, byte[] info, int length) throws GeneralSecurityException {
    byte[] t = hmac(prk, concat(info, new byte[] {1}));
    byte[] out = new byte[length];
    System.arraycopy(t, 0, out, 0, length);
    return out;
  }

  /** HMAC-SHA-256; with a salt as key it is HKDF-Extract. */
  static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key, "HmacSHA256"));
    return mac.doFinal(data);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    ByteBuffer buffer = ByteBuffer.allocate(length);
    for (byte[] part : parts) {
      buffer.put(part);
    }
    return buffer.array();
  }

  private static byte[] ascii(String text) {
    return text.getBytes(StandardCharsets.US_ASCII);
  }
}
