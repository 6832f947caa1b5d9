package dev.communicable.channel.email;

import com.fasterxml.jackson.databind.JsonNode;
import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.email.internal.EventJson;
import dev.communicable.channel.support.SignedRequests;
import java.nio.charset.StandardCharsets;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.X509EncodedKeySpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Checks and reads the requests of SendGrid's signed Event Webhook: a JSON array of events ({@code
 * processed}, {@code delivered}, {@code bounce}, {@code open}...), signed with ECDSA over P-256 and
 * SHA-256. The signature (Base64 of its DER encoding) is in {@value #SIGNATURE_HEADER} and covers
 * the value of {@value #TIMESTAMP_HEADER} followed by the raw body; it is checked with the
 * verification key SendGrid shows once signing is turned on (Base64 of a DER {@code
 * SubjectPublicKeyInfo}).
 *
 * <pre>{@code
 * SendGridEventWebhook webhook = SendGridEventWebhook.builder()
 *     .publicKey(System.getenv("SENDGRID_WEBHOOK_VERIFICATION_KEY"))
 *     .build();
 * List<EmailEvent> events = webhook.verifyAndParse(
 *     request.getHeader(SendGridEventWebhook.SIGNATURE_HEADER),
 *     request.getHeader(SendGridEventWebhook.TIMESTAMP_HEADER),
 *     rawBody);
 * }</pre>
 *
 * <p>Pass the body exactly as received, before any JSON parsing: re-serialized JSON does not
 * verify. A timestamp further than the tolerance (five minutes by default) from the clock is
 * refused, so a captured request cannot be replayed later; within the tolerance, drop repeats with
 * each event's {@code sg_event_id} if they matter (the engine ignores a repeated delivery event
 * anyway).
 *
 * <p>Immutable and safe to share between threads.
 */
public final class SendGridEventWebhook {
  /** The header carrying the Base64 DER ECDSA signature. */
  public static final String SIGNATURE_HEADER = "X-Twilio-Email-Event-Webhook-Signature";

  /** The header carrying the signing time, in seconds since the epoch. */
  public static final String TIMESTAMP_HEADER = "X-Twilio-Email-Event-Webhook-Timestamp";

  /** The provider name the SendGrid adapter records, and every event carries. */
  public static final String PROVIDER = "sendgrid";

  private static final String SIGNATURE_ALGORITHM = "SHA256withECDSA";

  private final PublicKey publicKey;
  private final String keyTail;
  private final Duration tolerance;
  private final Clock clock;

  private SendGridEventWebhook(Builder b, PublicKey publicKey, String keyTail) {
    this.publicKey = publicKey;
    this.keyTail = keyTail;
    this.tolerance = b.tolerance;
    this.clock = b.clock;
  }

  /** A builder; the public key is required. */
  public static Builder builder() {
    return new Builder();
  }

  /** How far the signing timestamp may be from the clock, either way. */
  public Duration tolerance() {
    return tolerance;
  }

  /**
   * Checks that SendGrid signed this request.
   *
   * @param signature the {@value #SIGNATURE_HEADER} header, or null when absent
   * @param timestamp the {@value #TIMESTAMP_HEADER} header, or null when absent
   * @param body the request body exactly as received
   * @throws InvalidRequestException on {@value #TIMESTAMP_HEADER} when it is missing, malformed or
   *     outside the tolerance; on {@value #SIGNATURE_HEADER} when it is missing, not Base64 or does
   *     not match
   */
  public void verify(@Nullable String signature, @Nullable String timestamp, byte[] body) {
    Objects.requireNonNull(body, "body");
    if (signature == null || signature.isBlank()) {
      throw new InvalidRequestException(SIGNATURE_HEADER, "is missing");
    }
    SignedRequests.freshTimestamp(TIMESTAMP_HEADER, timestamp, clock, tolerance);
    byte[] der;
    try {
      der = Base64.getDecoder().decode(signature.strip());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(SIGNATURE_HEADER, "is not Base64");
    }
    boolean valid;
    try {
      Signature ecdsa = Signature.getInstance(SIGNATURE_ALGORITHM);
      ecdsa.initVerify(publicKey);
      ecdsa.update(timestamp.getBytes(StandardCharsets.UTF_8));
      ecdsa.update(body);
      valid = ecdsa.verify(der);
    } catch (SignatureException e) {
      valid = false; // not a DER ECDSA signature: it cannot match
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException(SIGNATURE_ALGORITHM + " is not available", e);
    }
    if (!valid) {
      throw new InvalidRequestException(
          SIGNATURE_HEADER,
          "does not match the timestamp and body; it was not signed by this account's key");
    }
  }

  /**
   * Verifies the signature, then reads the events.
   *
   * @throws InvalidRequestException as {@link #verify} and {@link #parse} do
   */
  public List<EmailEvent> verifyAndParse(
      @Nullable String signature, @Nullable String timestamp, byte[] body) {
    verify(signature, timestamp, body);
    return parse(body);
  }

  /**
   * As {@link #verifyAndParse(String, String, byte[])} for a body already decoded as UTF-8 text
   * (which SendGrid sends), encoded back to the same bytes.
   */
  public List<EmailEvent> verifyAndParse(String signature, String timestamp, String body) {
    Objects.requireNonNull(body, "body");
    return verifyAndParse(signature, timestamp, body.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a request body without checking its signature (for tests, or when it was checked
   * upstream). Account-level events ({@code account_status_change}), which name no message, are
   * left out; an event type this reader does not know is returned as {@link EmailEvent.Kind#OTHER}.
   *
   * @throws InvalidRequestException on {@code body} when it is not a JSON array, or naming the
   *     field of an event that lacks {@code event} or {@code sg_message_id}, such as {@code
   *     body[2].sg_message_id}
   */
  public static List<EmailEvent> parse(byte[] body) {
    Objects.requireNonNull(body, "body");
    JsonNode root = EventJson.read("body", body);
    if (!root.isArray()) {
      throw new InvalidRequestException("body", "must be a JSON array of events");
    }
    List<EmailEvent> events = new ArrayList<>(root.size());
    for (int i = 0; i < root.size(); i++) {
      String at = "body[" + i + "]";
      JsonNode node = root.get(i);
      if (!node.isObject()) {
        throw new InvalidRequestException(at, "must be a JSON object");
      }
      String event = EventJson.requiredText(node, "event", at + ".event").toLowerCase(Locale.ROOT);
      if (event.equals("account_status_change")) {
        continue;
      }
      String id = messageId(EventJson.requiredText(node, "sg_message_id", at + ".sg_message_id"));
      events.add(event(event, id, node));
    }
    return List.copyOf(events);
  }

  private static EmailEvent event(String event, String id, JsonNode node) {
    Optional<String> status = EventJson.text(node, "status");
    Optional<String> reason = EventJson.text(node, "reason");
    Optional<String> response = EventJson.text(node, "response");
    return switch (event) {
      case "processed" ->
          of(id, EmailEvent.Kind.ACCEPTED, event, Optional.empty(), Optional.empty());
      case "deferred" -> of(id, EmailEvent.Kind.DEFERRED, event, response, Optional.empty());
      case "delivered" -> of(id, EmailEvent.Kind.DELIVERED, event, response, Optional.empty());
      case "bounce" -> {
        boolean blocked =
            EventJson.text(node, "type").filter("blocked"::equalsIgnoreCase).isPresent();
        yield of(
            id,
            EmailEvent.Kind.FAILED,
            event,
            blocked ? Optional.of("blocked" + reason.map(r -> ": " + r).orElse("")) : reason,
            status);
      }
      case "dropped" -> of(id, EmailEvent.Kind.FAILED, event, reason, status);
      case "open" -> of(id, EmailEvent.Kind.OPENED, event, Optional.empty(), Optional.empty());
      case "click" ->
          of(id, EmailEvent.Kind.CLICKED, event, EventJson.text(node, "url"), Optional.empty());
      case "spamreport" ->
          of(id, EmailEvent.Kind.COMPLAINED, event, Optional.empty(), Optional.empty());
      case "unsubscribe", "group_unsubscribe" ->
          of(id, EmailEvent.Kind.UNSUBSCRIBED, event, Optional.empty(), Optional.empty());
      default -> of(id, EmailEvent.Kind.OTHER, event, Optional.empty(), Optional.empty());
    };
  }

  private static EmailEvent of(
      String id,
      EmailEvent.Kind kind,
      String event,
      Optional<String> reason,
      Optional<String> code) {
    return new EmailEvent(PROVIDER, id, kind, event, reason.map(EventJson::clip), code);
  }

  /**
   * The id the SendGrid adapter recorded for an event's {@code sg_message_id}: SendGrid appends a
   * suffix of its own to the {@code X-Message-Id} it answered the send with ({@code
   * "W2Z5VsWTQ2K5ku-2sEdsLQ.filterdrecv-...-0"}, {@code "...recvd-..."}), so the id is what
   * precedes that suffix's {@code ".filter"} or {@code ".recvd"}, or else the first {@code '.'}.
   */
  public static String messageId(String sgMessageId) {
    Objects.requireNonNull(sgMessageId, "sgMessageId");
    String id = sgMessageId.strip();
    int cut = -1;
    for (String marker : new String[] {".filter", ".recvd"}) {
      int at = id.indexOf(marker);
      if (at > 0 && (cut < 0 || at < cut)) {
        cut = at;
      }
    }
    if (cut < 0) {
      cut = id.indexOf('.');
    }
    return cut > 0 ? id.substring(0, cut) : id;
  }

  @Override
  public String toString() {
    return "SendGridEventWebhook[publicKey=P-256 ..." + keyTail + ", tolerance=" + tolerance + "]";
  }

  /** Builds a {@link SendGridEventWebhook}. */
  public static final class Builder {
    private @Nullable String publicKey;
    private Duration tolerance = SignedRequests.DEFAULT_TOLERANCE;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The verification key SendGrid shows for the signed Event Webhook: Base64 of a DER {@code
     * SubjectPublicKeyInfo} holding a P-256 key. PEM armour and line breaks are accepted. Required.
     */
    public Builder publicKey(String publicKey) {
      this.publicKey = publicKey;
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
     * @throws InvalidRequestException naming the first wrong field; on {@code publicKey} when it is
     *     not Base64 of an X.509 EC public key on P-256
     */
    public SendGridEventWebhook build() {
      if (publicKey == null || publicKey.isBlank()) {
        throw new InvalidRequestException("publicKey", "must not be blank");
      }
      Arguments.positive("tolerance", tolerance);
      Arguments.notNull("clock", clock);
      String base64 =
          publicKey
              .replace("-----BEGIN PUBLIC KEY-----", "")
              .replace("-----END PUBLIC KEY-----", "")
              .replaceAll("\\s", "");
      byte[] der;
      try {
        der = Base64.getDecoder().decode(base64);
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("publicKey", "is not Base64");
      }
      PublicKey key;
      try {
        key = KeyFactory.getInstance("EC").generatePublic(new X509EncodedKeySpec(der));
      } catch (InvalidKeySpecException e) {
        throw new InvalidRequestException(
            "publicKey", "is not a DER SubjectPublicKeyInfo of an EC public key");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("EC keys are not available", e);
      }
      if (!(key instanceof ECPublicKey ec) || !isP256(ec.getParams())) {
        throw new InvalidRequestException("publicKey", "must be a key on curve P-256 (secp256r1)");
      }
      String tail = base64.length() > 8 ? base64.substring(base64.length() - 8) : base64;
      return new SendGridEventWebhook(this, key, tail);
    }

    private static boolean isP256(ECParameterSpec params) {
      try {
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec p256 = p.getParameterSpec(ECParameterSpec.class);
        return p256.getCurve().equals(params.getCurve())
            && p256.getGenerator().equals(params.getGenerator())
            && p256.getOrder().equals(params.getOrder())
            && p256.getCofactor() == params.getCofactor();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("curve secp256r1 is not available", e);
      }
    }
  }
}
