package dev.communicable.channel.push;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Map;

/** Compact JWS (RFC 7515) signing for the two tokens this module makes: RS256 and ES256. */
final class Jws {
  static final ObjectMapper JSON = new ObjectMapper();

  private Jws() {}

  /** A JWT signed with RSASSA-PKCS1-v1_5 SHA-256, as Google's OAuth token endpoint expects. */
  static String rs256(Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
    return sign("SHA256withRSA", header, claims, key);
  }

  /**
   * A JWT signed with ECDSA P-256 SHA-256; the signature is the 64-byte {@code R || S} form JWS
   * requires, not DER.
   */
  static String es256(Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
    return sign("SHA256withECDSAinP1363Format", header, claims, key);
  }

  private static String sign(
      String algorithm, Map<String, Object> header, Map<String, Object> claims, PrivateKey key) {
    try {
      String signingInput = part(header) + "." + part(claims);
      Signature signature = Signature.getInstance(algorithm);
      signature.initSign(key);
      signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
      return signingInput + "." + Base64Url.encode(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a JWT with " + algorithm, e);
    }
  }

  private static String part(Map<String, Object> json) {
    try {
      return Base64Url.encode(JSON.writeValueAsBytes(json));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JWT JSON", e);
    }
  }
}
