package dev.communicable.channel.sms;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.support.ConfigChecks;
import dev.communicable.channel.support.Secrets;
import dev.communicable.channel.support.SignedRequests;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Checks the signature Vonage puts on the SMS API's callbacks (delivery receipts and inbound
 * messages) once signing is turned on for the account: a {@value #SIGNATURE_PARAM} parameter next
 * to {@value #TIMESTAMP_PARAM} and {@code nonce}, made with the account's signature secret and the
 * signature method chosen in the dashboard.
 *
 * <p>The signed text is built from every parameter but {@value #SIGNATURE_PARAM}, in name order,
 * leaving out those whose value is blank: {@code "&name=value"} for each, with every {@code '&'}
 * and {@code '='} inside a name or value replaced by {@code '_'}. With {@link Method#MD5_HASH} the
 * signature is the MD5 of that text followed by the secret; with the other methods it is the HMAC
 * of the text keyed with the secret. Either is written in hexadecimal, and compared here in
 * constant time whatever its case. The timestamp (seconds since the epoch) must lie within the
 * tolerance of the clock, five minutes by default.
 *
 * <pre>{@code
 * VonageSignatureCheck check = VonageSignatureCheck.builder()
 *     .secret(System.getenv("VONAGE_SIGNATURE_SECRET"))
 *     .method(VonageSignatureCheck.Method.SHA256_HMAC)
 *     .build();
 * SmsDeliveryReceipt receipt = VonageDeliveryReceipts.verifyAndParse(params, check);
 * }</pre>
 *
 * <p>Within the tolerance a captured callback could be sent again; remember the {@code nonce}s seen
 * for the tolerance's length to refuse that too. The engine ignores a repeated receipt anyway.
 * Immutable and safe to share between threads; {@link #toString()} masks the secret.
 */
public final class VonageSignatureCheck {
  /** The parameter carrying the signature. */
  public static final String SIGNATURE_PARAM = "sig";

  /** The parameter carrying the signing time, in seconds since the epoch. */
  public static final String TIMESTAMP_PARAM = "timestamp";

  /** The signature methods a Vonage account can choose. */
  public enum Method {
    /** MD5 of the signed text followed by the secret: Vonage's default, and its weakest. */
    MD5_HASH("md5hash", null),
    /** HMAC-MD5 keyed with the secret. */
    MD5_HMAC("md5", "HmacMD5"),
    /** HMAC-SHA1 keyed with the secret. */
    SHA1_HMAC("sha1", "HmacSHA1"),
    /** HMAC-SHA256 keyed with the secret. */
    SHA256_HMAC("sha256", "HmacSHA256"),
    /** HMAC-SHA512 keyed with the secret. */
    SHA512_HMAC("sha512", "HmacSHA512");

    private final String word;
    private final @Nullable String hmac;

    Method(String word, @Nullable String hmac) {
      this.word = word;
      this.hmac = hmac;
    }

    /** The method's name in Vonage's SDKs and in settings: {@code md5hash}, {@code sha256}... */
    public String word() {
      return word;
    }

    /**
     * The method named {@code md5hash}, {@code md5}, {@code sha1}, {@code sha256} or {@code
     * sha512}, in any case.
     *
     * @throws InvalidRequestException on {@code method} for any other name
     */
    public static Method of(String word) {
      if (word != null) {
        String w = word.strip().toLowerCase(Locale.ROOT);
        for (Method m : values()) {
          if (m.word.equals(w)) {
            return m;
          }
        }
      }
      throw new InvalidRequestException(
          "method",
          "must be md5hash, md5, sha1, sha256 or sha512, was '"
              + (word == null ? "null" : SignedRequests.shorten(word))
              + "'");
    }
  }

  private final String secret;
  private final Method method;
  private final Duration tolerance;
  private final Clock clock;

  private VonageSignatureCheck(Builder b) {
    this.secret = b.secret;
    this.method = b.method;
    this.tolerance = b.tolerance;
    this.clock = b.clock;
  }

  /** A builder; the secret is required. */
  public static Builder builder() {
    return new Builder();
  }

  public Method method() {
    return method;
  }

  /** How far the signing timestamp may be from the clock, either way. */
  public Duration tolerance() {
    return tolerance;
  }

  /**
   * The signature Vonage computes for {@code params} ({@value #SIGNATURE_PARAM} itself is left
   * out): lower-case hexadecimal for {@link Method#MD5_HASH}, upper-case for the HMAC methods, as
   * Vonage writes them.
   */
  public String sign(Map<String, String> params) {
    Objects.requireNonNull(params, "params");
    String text = signedText(params);
    try {
      if (method.hmac == null) {
        MessageDigest md5 = MessageDigest.getInstance("MD5");
        return HexFormat.of()
            .formatHex(md5.digest((text + secret).getBytes(StandardCharsets.UTF_8)));
      }
      Mac mac = Mac.getInstance(method.hmac);
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), method.hmac));
      return HexFormat.of()
          .withUpperCase()
          .formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(method + " is not available", e);
    }
  }

  /**
   * Checks that Vonage signed {@code params} with this account's secret.
   *
   * @throws InvalidRequestException on {@value #TIMESTAMP_PARAM} when it is missing, malformed or
   *     outside the tolerance; on {@value #SIGNATURE_PARAM} when it is missing or does not match
   */
  public void verify(Map<String, String> params) {
    Objects.requireNonNull(params, "params");
    String offered = params.get(SIGNATURE_PARAM);
    if (offered == null || offered.isBlank()) {
      throw new InvalidRequestException(SIGNATURE_PARAM, "is missing; is signing turned on?");
    }
    SignedRequests.freshTimestamp(TIMESTAMP_PARAM, params.get(TIMESTAMP_PARAM), clock, tolerance);
    if (!SignedRequests.hexEquals(sign(params), offered)) {
      throw new InvalidRequestException(
          SIGNATURE_PARAM,
          "does not match the parameters; they were not signed with this secret and method ("
              + method.word
              + ")");
    }
  }

  /** The text Vonage signs: {@code "&name=value"} for each non-blank parameter in name order. */
  static String signedText(Map<String, String> params) {
    StringBuilder text = new StringBuilder();
    new TreeMap<>(params)
        .forEach(
            (name, value) -> {
              if (!name.equals(SIGNATURE_PARAM) && value != null && !value.isBlank()) {
                text.append('&').append(clean(name)).append('=').append(clean(value));
              }
            });
    return text.toString();
  }

  private static String clean(String s) {
    return s.replace('&', '_').replace('=', '_');
  }

  @Override
  public String toString() {
    return "VonageSignatureCheck[secret="
        + Secrets.mask(secret)
        + ", method="
        + method.word
        + ", tolerance="
        + tolerance
        + "]";
  }

  /** Builds a {@link VonageSignatureCheck}. */
  public static final class Builder {
    private @Nullable String secret;
    private Method method = Method.MD5_HASH;
    private Duration tolerance = SignedRequests.DEFAULT_TOLERANCE;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The account's signature secret (not the API secret). Required. */
    public Builder secret(String secret) {
      this.secret = secret;
      return this;
    }

    /** The signature method chosen in the dashboard. Default: {@link Method#MD5_HASH}. */
    public Builder method(Method method) {
      this.method = method;
      return this;
    }

    /** As {@link #method(Method)}, by name ({@code md5hash}, {@code sha256}...). */
    public Builder method(String method) {
      this.method = Method.of(method);
      return this;
    }

    /** How far the signing timestamp may be from the clock, either way. Default: 5 minutes. */
    public Builder tolerance(Duration tolerance) {
      this.tolerance = tolerance;
      return this;
    }

    /** The clock the timestamp is compared with. Default: {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Checks every value and builds the check.
     *
     * @throws InvalidRequestException naming the first wrong field
     */
    public VonageSignatureCheck build() {
      ConfigChecks.secret("secret", secret);
      Arguments.notNull("method", method);
      Arguments.positive("tolerance", tolerance);
      Arguments.notNull("clock", clock);
      return new VonageSignatureCheck(this);
    }
  }
}
