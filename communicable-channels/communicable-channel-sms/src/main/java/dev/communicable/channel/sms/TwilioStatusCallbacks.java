package dev.communicable.channel.sms;

import dev.communicable.InvalidRequestException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Checks and reads the status callbacks Twilio posts to the {@code StatusCallback} URL: a form with
 * {@code MessageSid}, {@code MessageStatus} and, on failure, {@code ErrorCode}, signed in the
 * {@code X-Twilio-Signature} header.
 *
 * <p>The signature is Base64(HMAC-SHA1(auth token, URL + every POST parameter's name and value
 * concatenated in name order)). Pass the URL exactly as Twilio called it (scheme, host, port if
 * any, path and query), which behind a proxy is the public URL, not the local one.
 */
public final class TwilioStatusCallbacks {
  /** The header that carries the signature. */
  public static final String SIGNATURE_HEADER = "X-Twilio-Signature";

  private final SecretKeySpec key;

  /** Callbacks signed with this account's auth token. */
  public TwilioStatusCallbacks(String authToken) {
    if (authToken == null || authToken.isBlank()) {
      throw new InvalidRequestException("authToken", "must not be blank");
    }
    this.key = new SecretKeySpec(authToken.getBytes(StandardCharsets.UTF_8), "HmacSHA1");
  }

  /** True when {@code signature} is Twilio's signature of {@code url} and {@code params}. */
  public boolean verify(String url, Map<String, String> params, @Nullable String signature) {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(params, "params");
    if (signature == null || signature.isBlank()) {
      return false;
    }
    byte[] expected = sign(url, params).getBytes(StandardCharsets.US_ASCII);
    return MessageDigest.isEqual(expected, signature.trim().getBytes(StandardCharsets.US_ASCII));
  }

  /** The signature Twilio computes for {@code url} and {@code params}. */
  public String sign(String url, Map<String, String> params) {
    StringBuilder data = new StringBuilder(url);
    new TreeMap<>(params).forEach((k, v) -> data.append(k).append(v));
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(key);
      return Base64.getEncoder()
          .encodeToString(mac.doFinal(data.toString().getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA1 is not available", e);
    }
  }

  /**
   * Verifies the signature, then reads the callback.
   *
   * @throws InvalidRequestException on field {@value #SIGNATURE_HEADER} when the signature does not
   *     match, or naming the missing parameter
   */
  public SmsDeliveryReceipt verifyAndParse(
      String url, Map<String, String> params, @Nullable String signature) {
    if (!verify(url, params, signature)) {
      throw new InvalidRequestException(
          SIGNATURE_HEADER, "does not match the request; it was not signed by this account");
    }
    return parse(params);
  }

  /**
   * Reads a callback without checking its signature (for tests, or when the signature was checked
   * upstream).
   *
   * @throws InvalidRequestException naming a missing parameter or an unknown status
   */
  public static SmsDeliveryReceipt parse(Map<String, String> params) {
    String sid = required(params, "MessageSid");
    String status = required(params, "MessageStatus").toLowerCase(Locale.ROOT);
    SmsDeliveryReceipt.Outcome outcome =
        switch (status) {
          case "delivered", "read" -> SmsDeliveryReceipt.Outcome.DELIVERED;
          case "failed", "undelivered", "canceled" -> SmsDeliveryReceipt.Outcome.FAILED;
          case "accepted", "scheduled", "queued", "sending", "sent", "receiving", "received" ->
              SmsDeliveryReceipt.Outcome.PENDING;
          default ->
              throw new InvalidRequestException(
                  "MessageStatus", "is not a Twilio message status, was '" + status + "'");
        };
    Optional<String> error =
        Optional.ofNullable(params.get("ErrorCode")).filter(c -> !c.isBlank() && !c.equals("0"));
    return new SmsDeliveryReceipt("twilio", sid, outcome, status, error);
  }

  /** Decodes an {@code application/x-www-form-urlencoded} body into its parameters. */
  public static Map<String, String> formParameters(@Nullable String body) {
    Map<String, String> out = new LinkedHashMap<>();
    if (body == null || body.isEmpty()) {
      return out;
    }
    for (String pair : body.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      out.put(
          URLDecoder.decode(name, StandardCharsets.UTF_8),
          URLDecoder.decode(value, StandardCharsets.UTF_8));
    }
    return out;
  }

  private static String required(Map<String, String> params, String name) {
    String v = params.get(name);
    if (v == null || v.isBlank()) {
      throw new InvalidRequestException(name, "is missing from the callback");
    }
    return v;
  }
}
