package dev.communicable.channel.push;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The browser's side of RFC 8291, written independently of the sender: decrypts an aes128gcm body
 * with the subscriber's private key and auth secret.
 */
final class WebPushReceiver {
  private final KeyPair subscriberKeys;
  private final byte[] authSecret;

  WebPushReceiver(KeyPair subscriberKeys, byte[] authSecret) {
    this.subscriberKeys = subscriberKeys;
    this.authSecret = authSecret;
  }

  /** The subscription JSON a browser would hand the application. */
  String subscriptionJson(String endpoint) {
    return "{\"endpoint\":\""
        + endpoint
        + "\",\"expirationTime\":null,\"keys\":{\"p256dh\":\""
        + Base64Url.encode(point((ECPublicKey) subscriberKeys.getPublic()))
        + "\",\"auth\":\""
        + Base64Url.encode(authSecret)
        + "\"}}";
  }

  /** The plaintext of one aes128gcm body. */
  byte[] decrypt(byte[] body) throws Exception {
    ByteBuffer in = ByteBuffer.wrap(body);
    byte[] salt = new byte[16];
    in.get(salt);
    int recordSize = in.getInt();
    int keyIdLength = in.get() & 0xff;
    byte[] senderPoint = new byte[keyIdLength];
    in.get(senderPoint);
    byte[] ciphertext = new byte[in.remaining()];
    in.get(ciphertext);
    if (keyIdLength != 65 || ciphertext.length > recordSize) {
      throw new IllegalArgumentException("bad aes128gcm header");
    }
    ECPublicKey senderKey = publicKey(senderPoint);
    KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
    agreement.init(subscriberKeys.getPrivate());
    agreement.doPhase(senderKey, true);
    byte[] shared = agreement.generateSecret();

    byte[] subscriberPoint = point((ECPublicKey) subscriberKeys.getPublic());
    byte[] info =
        cat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), subscriberPoint, senderPoint);
    byte[] ikm = hkdf(authSecret, shared, info, 32);
    byte[] cek =
        hkdf(salt, ikm, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
    byte[] nonce =
        hkdf(salt, ikm, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);

    Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
    cipher.init(
        Cipher.DECRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
    byte[] padded = cipher.doFinal(ciphertext);
    int end = padded.length - 1;
    while (end >= 0 && padded[end] == 0) {
      end--;
    }
    if (end < 0 || padded[end] != 2) {
      throw new IllegalArgumentException("missing last-record delimiter");
    }
    return Arrays.copyOf(padded, end);
  }

  private static byte[] hkdf(byte[] salt, byte[] ikm, byte[] info, int length) throws Exception {
    Mac extract = Mac.getInstance("HmacSHA256");
    extract.init(new SecretKeySpec(salt, "HmacSHA256"));
    byte[] prk = extract.doFinal(ikm);
    Mac expand = Mac.getInstance("HmacSHA256");
    expand.init(new SecretKeySpec(prk, "HmacSHA256"));
    expand.update(info);
    expand.update((byte) 1);
    return Arrays.copyOf(expand.doFinal(), length);
  }

  static byte[] point(ECPublicKey key) {
    byte[] x = fixed(key.getW().getAffineX());
    byte[] y = fixed(key.getW().getAffineY());
    return cat(new byte[] {4}, x, y);
  }

  static ECPublicKey publicKey(byte[] point) throws Exception {
    ECPoint w =
        new ECPoint(
            new BigInteger(1, Arrays.copyOfRange(point, 1, 33)),
            new BigInteger(1, Arrays.copyOfRange(point, 33, 65)));
    return (ECPublicKey)
        KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(w, EcKeys.P256));
  }

  private static byte[] fixed(BigInteger value) {
    byte[] raw = value.toByteArray();
    byte[] out = new byte[32];
    int length = Math.min(32, raw.length);
    System.arraycopy(raw, raw.length - length, out, 32 - length, length);
    return out;
  }

  private static byte[] cat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    ByteBuffer out = ByteBuffer.allocate(length);
    for (byte[] part : parts) {
      out.put(part);
    }
    return out.array();
  }
}
