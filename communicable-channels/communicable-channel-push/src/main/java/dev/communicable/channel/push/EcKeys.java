package dev.communicable.channel.push;

import java.math.BigInteger;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPrivateKeySpec;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.EllipticCurve;
import java.util.Arrays;

/** NIST P-256 keys in the raw forms Web Push uses: 65-byte uncompressed points, 32-byte scalars. */
final class EcKeys {
  static final ECParameterSpec P256 = p256();
  static final int UNCOMPRESSED_POINT_LENGTH = 65;
  private static final int COORDINATE_LENGTH = 32;

  private EcKeys() {}

  /**
   * The public key whose uncompressed encoding ({@code 0x04 || X || Y}) is {@code point}.
   *
   * @throws IllegalArgumentException when it is not 65 bytes, not uncompressed, or not on P-256
   */
  static ECPublicKey publicKey(byte[] point) {
    if (point.length != UNCOMPRESSED_POINT_LENGTH || point[0] != 0x04) {
      throw new IllegalArgumentException(
          "must be a 65-byte uncompressed P-256 point, was " + point.length + " bytes");
    }
    BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 33));
    BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 33, 65));
    if (!onCurve(x, y)) {
      throw new IllegalArgumentException("is not a point on the P-256 curve");
    }
    try {
      return (ECPublicKey)
          KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), P256));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("is not a usable P-256 public key", e);
    }
  }

  /**
   * The private key whose scalar is {@code scalar} (32 bytes, big-endian).
   *
   * @throws IllegalArgumentException when it is not 32 bytes or out of range
   */
  static ECPrivateKey privateKey(byte[] scalar) {
    if (scalar.length != COORDINATE_LENGTH) {
      throw new IllegalArgumentException(
          "must be a 32-byte P-256 private key, was " + scalar.length + " bytes");
    }
    BigInteger s = new BigInteger(1, scalar);
    if (s.signum() == 0 || s.compareTo(P256.getOrder()) >= 0) {
      throw new IllegalArgumentException("is not a valid P-256 private key");
    }
    try {
      return (ECPrivateKey)
          KeyFactory.getInstance("EC").generatePrivate(new ECPrivateKeySpec(s, P256));
    } catch (GeneralSecurityException e) {
      throw new IllegalArgumentException("is not a usable P-256 private key", e);
    }
  }

  /** The 65-byte uncompressed encoding of {@code key}. */
  static byte[] uncompressed(ECPublicKey key) {
    byte[] out = new byte[UNCOMPRESSED_POINT_LENGTH];
    out[0] = 0x04;
    writeCoordinate(key.getW().getAffineX(), out, 1);
    writeCoordinate(key.getW().getAffineY(), out, 1 + COORDINATE_LENGTH);
    return out;
  }

  /** The 32-byte big-endian scalar of {@code key}. */
  static byte[] scalar(ECPrivateKey key) {
    byte[] out = new byte[COORDINATE_LENGTH];
    writeCoordinate(key.getS(), out, 0);
    return out;
  }

  /** A fresh P-256 key pair. */
  static KeyPair generate(SecureRandom random) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"), random);
      return generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JVM cannot generate P-256 keys", e);
    }
  }

  private static boolean onCurve(BigInteger x, BigInteger y) {
    EllipticCurve curve = P256.getCurve();
    BigInteger p = ((ECFieldFp) curve.getField()).getP();
    if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0) {
      return false;
    }
    BigInteger left = y.multiply(y).mod(p);
    BigInteger right = x.pow(3).add(curve.getA().multiply(x)).add(curve.getB()).mod(p);
    return left.equals(right);
  }

  private static void writeCoordinate(BigInteger value, byte[] out, int offset) {
    byte[] bytes = value.toByteArray();
    int length = Math.min(bytes.length, COORDINATE_LENGTH);
    System.arraycopy(
        bytes, bytes.length - length, out, offset + COORDINATE_LENGTH - length, length);
  }

  private static ECParameterSpec p256() {
    try {
      AlgorithmParameters parameters = AlgorithmParameters.getInstance("EC");
      parameters.init(new ECGenParameterSpec("secp256r1"));
      return parameters.getParameterSpec(ECParameterSpec.class);
    } catch (GeneralSecurityException e) {
      throw new ExceptionInInitializerError(e);
    }
  }
}
