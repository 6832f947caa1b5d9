package dev.communicable.channel.email;

import com.fasterxml.jackson.databind.JsonNode;
import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.email.internal.EventJson;
import dev.communicable.channel.support.ConfigChecks;
import dev.communicable.channel.support.Secrets;
import dev.communicable.channel.support.SignedRequests;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * Checks and reads the JSON requests Mailgun's webhooks post, one event each: {@code {"signature":
 * {"timestamp", "token", "signature"}, "event-data": {...}}}. The signature is the hexadecimal
 * HMAC-SHA256, under the account's HTTP webhook signing key, of the timestamp followed by the
 * token; it is compared in constant time, and a timestamp further than the tolerance (five minutes
 * by default) from the clock is refused. For a subaccount's domain, a {@code parent-signature} made
 * with the primary account's key is accepted too.
 *
 * <pre>{@code
 * MailgunWebhooks webhooks = MailgunWebhooks.builder()
 *     .signingKey(System.getenv("MAILGUN_WEBHOOK_SIGNING_KEY"))
 *     .build();
 * EmailEvent event = webhooks.verifyAndParse(rawBody);
 * }</pre>
 *
 * <p>The token is random and new for each request. Within the tolerance a captured request could be
 * posted again; to refuse that too, remember the tokens seen for the tolerance's length (a bounded
 * cache or a unique column) and drop a request whose token was already seen. The engine ignores a
 * repeated delivery event anyway.
 *
 * <p>Immutable and safe to share between threads. {@link #toString()} masks the key.
 */
public final class MailgunWebhooks {
  /** The provider name the Mailgun adapter records, and every event carries. */
  public static final String PROVIDER = "mailgun";

  private static final String HMAC = "HmacSHA256";

  private final SecretKeySpec key;
  private final String maskedKey;
  private final Duration tolerance;
  private final Clock clock;

  private MailgunWebhooks(Builder b) {
    this.key = new SecretKeySpec(b.signingKey.getBytes(StandardCharsets.UTF_8), HMAC);
    this.maskedKey = Secrets.mask(b.signingKey);
    this.tolerance = b.tolerance;
    this.clock = b.clock;
  }

  /** A builder; the signing key is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** How far the signing timestamp may be from the clock, either way. */
  public Duration tolerance() {
    return tolerance;
  }

  /** The signature Mailgun computes for {@code timestamp} and {@code token} with this key. */
  public String sign(String timestamp, String token) {
    Objects.requireNonNull(timestamp, "timestamp");
    Objects.requireNonNull(token, "token");
    try {
      Mac mac = Mac.getInstance(HMAC);
      mac.init(key);
      return HexFormat.of()
          .formatHex(mac.doFinal((timestamp + token).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(HMAC + " is not available", e);
    }
  }

  /**
   * Checks a signature block's values.
   *
   * @param parentSignature the {@code parent-signature}, or null when absent
   * @throws InvalidRequestException on {@code signature.timestamp} when it is missing, malformed or
   *     outside the tolerance; on {@code signature.token} when it is missing; on {@code
   *     signature.signature} when it does not match
   */
  public void verify(
      @Nullable String timestamp,
      @Nullable String token,
      @Nullable String signature,
      @Nullable String parentSignature) {
    SignedRequests.freshTimestamp("signature.timestamp", timestamp, clock, tolerance);
    if (token == null || token.isBlank()) {
      throw new InvalidRequestException("signature.token", "is missing");
    }
    String expected = sign(timestamp, token);
    // Both are compared whatever the first gives, so timing does not tell which one matched.
    boolean own = SignedRequests.hexEquals(expected, signature);
    boolean parent = SignedRequests.hexEquals(expected, parentSignature);
    if (!(own || parent)) {
      throw new InvalidRequestException(
          "signature.signature",
          "does not match the timestamp and token; it was not signed with this signing key");
    }
  }

  /**
   * Verifies the signature in a webhook's JSON body, then reads its event.
   *
   * @throws InvalidRequestException as {@link #verify} and {@link #parse} do, or on {@code
   *     signature} when the body has no signature object
   */
  public EmailEvent verifyAndParse(byte[] body) {
    Objects.requireNonNull(body, "body");
    JsonNode root = object(body);
    JsonNode signature = root.get("signature");
    if (signature == null || !signature.isObject()) {
      throw new InvalidRequestException("signature", "is missing from the body");
    }
    verify(
        EventJson.text(signature, "timestamp").orElse(null),
        EventJson.text(signature, "token").orElse(null),
        EventJson.text(signature, "signature").orElse(null),
        EventJson.text(signature, "parent-signature").orElse(null));
    return event(root);
  }

  /** As {@link #verifyAndParse(byte[])} for a body given as text. */
  public EmailEvent verifyAndParse(String body) {
    Objects.requireNonNull(body, "body");
    return verifyAndParse(body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a webhook's JSON body without checking its signature (for tests, or when it was checked
   * upstream). An event type this reader does not know is returned as {@link
   * EmailEvent.Kind#OTHER}.
   *
   * @throws InvalidRequestException on {@code body} when it is not a JSON object, or naming a
   *     missing field such as {@code event-data.message.headers.message-id}
   */
  public static EmailEvent parse(byte[] body) {
    Objects.requireNonNull(body, "body");
    return event(object(body));
  }

  private static JsonNode object(byte[] body) {
    JsonNode root = EventJson.read("body", body);
    if (!root.isObject()) {
      throw new InvalidRequestException("body", "must be a JSON object");
    }
    return root;
  }

  private static EmailEvent event(JsonNode root) {
    JsonNode data = root.get("event-data");
    if (data == null || !data.isObject()) {
      throw new InvalidRequestException("event-data", "is missing from the body");
    }
    String event =
        EventJson.requiredText(data, "event", "event-data.event").toLowerCase(Locale.ROOT);
    JsonNode headers = data.path("message").path("headers");
    String id =
        messageId(
            EventJson.requiredText(headers, "message-id", "event-data.message.headers.message-id"));
    JsonNode status = data.path("delivery-status");
    Optional<String> code =
        status.isObject()
            ? EventJson.text(status, "code").filter(c -> !c.equals("0"))
            : Optional.empty();
    Optional<String> reason =
        status.isObject()
            ? EventJson.text(status, "description")
                .or(() -> EventJson.text(status, "message"))
                .or(() -> EventJson.text(data, "reason"))
            : EventJson.text(data, "reason");
    EmailEvent.Kind kind =
        switch (event) {
          case "accepted" -> EmailEvent.Kind.ACCEPTED;
          case "delivered" -> EmailEvent.Kind.DELIVERED;
          case "failed" -> failure(data);
          case "rejected" -> EmailEvent.Kind.FAILED;
          case "opened" -> EmailEvent.Kind.OPENED;
          case "clicked" -> EmailEvent.Kind.CLICKED;
          case "complained" -> EmailEvent.Kind.COMPLAINED;
          case "unsubscribed" -> EmailEvent.Kind.UNSUBSCRIBED;
          default -> EmailEvent.Kind.OTHER;
        };
    if (kind != EmailEvent.Kind.FAILED
        && kind != EmailEvent.Kind.DEFERRED
        && kind != EmailEvent.Kind.DELIVERED) {
      reason = Optional.empty();
      code = Optional.empty();
    }
    return new EmailEvent(PROVIDER, id, kind, event, reason.map(EventJson::clip), code);
  }

  /** A {@code failed} event is final only when its severity is {@code permanent}. */
  private static EmailEvent.Kind failure(JsonNode data) {
    String severity =
        EventJson.requiredText(data, "severity", "event-data.severity").toLowerCase(Locale.ROOT);
    return switch (severity) {
      case "permanent" -> EmailEvent.Kind.FAILED;
      case "temporary" -> EmailEvent.Kind.DEFERRED;
      default ->
          throw new InvalidRequestException(
              "event-data.severity",
              "must be permanent or temporary, was '" + SignedRequests.shorten(severity) + "'");
    };
  }

  /**
   * The id the Mailgun adapter recorded for a {@code Message-Id} header value: the same id without
   * angle brackets ({@code "20240101.1@mg.example.com"}).
   */
  public static String messageId(String header) {
    Objects.requireNonNull(header, "header");
    String id = header.strip();
    if (id.startsWith("<") && id.endsWith(">") && id.length() > 2) {
      id = id.substring(1, id.length() - 1).strip();
    }
    return id;
  }

  @Override
  public String toString() {
    return "MailgunWebhooks[signingKey=" + maskedKey + ", tolerance=" + tolerance + "]";
  }

  /** Builds a {@link MailgunWebhooks}. */
  public static final class Builder {
    private @Nullable String signingKey;
    private Duration tolerance = SignedRequests.DEFAULT_TOLERANCE;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The HTTP webhook signing key from Mailgun's control panel (not the API key). Required. */
    public Builder signingKey(String signingKey) {
      this.signingKey = signingKey;
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
     * Checks every value and builds the verifier.
     *
     * @throws InvalidRequestException naming the first wrong field
     */
    public MailgunWebhooks build() {
      ConfigChecks.token("signingKey", signingKey);
      Arguments.positive("tolerance", tolerance);
      Arguments.notNull("clock", clock);
      return new MailgunWebhooks(this);
    }
  }
}
