package dev.communicable.channel.webhook;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Checks a received webhook the way the Standard Webhooks specification asks: the timestamp lies
 * within a tolerance of the receiver's clock (refusing replays), and one of the {@code v1}
 * signatures in {@code webhook-signature} is the HMAC-SHA256 of {@code id.timestamp.body} under one
 * of the configured secrets, compared in constant time.
 *
 * <p>Give it several secrets while a secret is being rotated; it accepts a signature made with any
 * of them. Verify the raw body bytes exactly as received, before parsing them. Use {@code
 * webhook-id} afterwards to drop duplicates: a sender retries with the same id.
 *
 * <pre>{@code
 * WebhookVerifier verifier = WebhookVerifier.builder().secret("whsec_...").build();
 * verifier.verify(exchange.getRequestHeaders(), body);   // throws WebhookVerificationException
 * }</pre>
 *
 * <p>Immutable and safe to share between threads.
 */
public final class WebhookVerifier {
  /** The header carrying the message id. */
  public static final String ID_HEADER = "webhook-id";

  /** The header carrying the attempt time in seconds since the epoch. */
  public static final String TIMESTAMP_HEADER = "webhook-timestamp";

  /** The header carrying space-separated {@code version,signature} pairs. */
  public static final String SIGNATURE_HEADER = "webhook-signature";

  private final List<WebhookSecret> secrets;
  private final Duration tolerance;
  private final Clock clock;

  private WebhookVerifier(Builder builder) {
    this.secrets = List.copyOf(builder.secrets);
    this.tolerance = builder.tolerance;
    this.clock = builder.clock;
  }

  /** A builder; at least one secret is required. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Verifies a webhook from its headers (looked up case-insensitively, as HTTP header names are)
   * and raw body. Suits {@code com.sun.net.httpserver.Headers}, {@code
   * java.net.http.HttpHeaders.map()} and similar maps.
   *
   * @throws WebhookVerificationException when a header is missing or a check fails
   */
  public void verify(Map<String, ? extends Collection<String>> headers, byte[] body) {
    Objects.requireNonNull(headers, "headers");
    verify(
        header(headers, ID_HEADER),
        header(headers, TIMESTAMP_HEADER),
        header(headers, SIGNATURE_HEADER),
        body);
  }

  /**
   * Verifies a webhook from the values of its three headers and its raw body.
   *
   * @param id the {@code webhook-id} header, or null when absent
   * @param timestamp the {@code webhook-timestamp} header, or null when absent
   * @param signatures the {@code webhook-signature} header, or null when absent
   * @param body the request body exactly as received
   * @throws WebhookVerificationException when a header is missing or a check fails
   */
  public void verify(
      @Nullable String id, @Nullable String timestamp, @Nullable String signatures, byte[] body) {
    Objects.requireNonNull(body, "body");
    requirePresent(ID_HEADER, id);
    requirePresent(TIMESTAMP_HEADER, timestamp);
    requirePresent(SIGNATURE_HEADER, signatures);
    long seconds;
    try {
      seconds = Long.parseLong(timestamp.strip());
    } catch (NumberFormatException e) {
      throw new WebhookVerificationException(
          WebhookVerificationException.Reason.MALFORMED_TIMESTAMP,
          TIMESTAMP_HEADER
              + ": must be whole seconds since the epoch, was '"
              + shorten(timestamp)
              + "'");
    }
    long now = clock.instant().getEpochSecond();
    long toleranceSeconds = tolerance.getSeconds();
    if (seconds < now - toleranceSeconds) {
      throw new WebhookVerificationException(
          WebhookVerificationException.Reason.STALE_TIMESTAMP,
          TIMESTAMP_HEADER
              + ": "
              + (now - seconds)
              + " s old, more than the tolerance of "
              + toleranceSeconds
              + " s");
    }
    if (seconds > now + toleranceSeconds) {
      throw new WebhookVerificationException(
          WebhookVerificationException.Reason.FUTURE_TIMESTAMP,
          TIMESTAMP_HEADER
              + ": "
              + (seconds - now)
              + " s in the future, more than the tolerance of "
              + toleranceSeconds
              + " s");
    }
    List<byte[]> offered = v1Signatures(signatures);
    for (WebhookSecret secret : secrets) {
      byte[] expected = secret.mac(id.strip(), seconds, body);
      for (byte[] candidate : offered) {
        if (MessageDigest.isEqual(expected, candidate)) {
          return;
        }
      }
    }
    throw new WebhookVerificationException(
        WebhookVerificationException.Reason.SIGNATURE_MISMATCH,
        SIGNATURE_HEADER
            + ": no v1 signature matches any of the "
            + secrets.size()
            + " configured secret(s) ("
            + offered.size()
            + " v1 signature(s) offered)");
  }

  private static List<byte[]> v1Signatures(String header) {
    List<byte[]> found = new ArrayList<>();
    for (String entry : header.strip().split("\\s+")) {
      int comma = entry.indexOf(',');
      if (comma <= 0 || !entry.substring(0, comma).equals("v1")) {
        continue; // another scheme (v1a) or noise: not ours to judge
      }
      try {
        found.add(Base64.getDecoder().decode(entry.substring(comma + 1)));
      } catch (IllegalArgumentException e) {
        // an undecodable signature simply does not match
      }
    }
    return found;
  }

  private static @Nullable String header(
      Map<String, ? extends Collection<String>> headers, String name) {
    for (Map.Entry<String, ? extends Collection<String>> entry : headers.entrySet()) {
      if (entry.getKey() != null
          && entry.getKey().toLowerCase(Locale.ROOT).equals(name)
          && entry.getValue() != null
          && !entry.getValue().isEmpty()) {
        return String.join(" ", entry.getValue());
      }
    }
    return null;
  }

  private static void requirePresent(String name, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new WebhookVerificationException(
          WebhookVerificationException.Reason.MISSING_HEADER, name + ": header is missing");
    }
  }

  private static String shorten(String value) {
    return value.length() <= 32 ? value : value.substring(0, 32) + "...";
  }

  /** Shows the number of secrets and the tolerance, never a secret. */
  @Override
  public String toString() {
    return "WebhookVerifier[secrets=" + secrets.size() + ", tolerance=" + tolerance + "]";
  }

  /** Builds a {@link WebhookVerifier}. */
  public static final class Builder {
    private final List<WebhookSecret> secrets = new ArrayList<>();
    private Duration tolerance = Duration.ofMinutes(5);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Adds a secret in the form {@code whsec_<base64>}; add several while rotating. */
    public Builder secret(String serialized) {
      return secret(WebhookSecret.parse(serialized));
    }

    /** Adds a secret; add several while rotating. */
    public Builder secret(WebhookSecret secret) {
      secrets.add(Arguments.notNull("secret", secret));
      return this;
    }

    /**
     * How far the timestamp may lie from the receiver's clock, either way. Default 5 minutes.
     *
     * @throws InvalidRequestException when not between 1 second and 1 hour
     */
    public Builder tolerance(Duration tolerance) {
      this.tolerance =
          Arguments.between("tolerance", tolerance, Duration.ofSeconds(1), Duration.ofHours(1));
      return this;
    }

    /** The receiver's clock. Default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Arguments.notNull("clock", clock);
      return this;
    }

    /**
     * The verifier.
     *
     * @throws InvalidRequestException when no secret was given
     */
    public WebhookVerifier build() {
      if (secrets.isEmpty()) {
        throw new InvalidRequestException("secrets", "at least one secret is required");
      }
      return new WebhookVerifier(this);
    }
  }
}
