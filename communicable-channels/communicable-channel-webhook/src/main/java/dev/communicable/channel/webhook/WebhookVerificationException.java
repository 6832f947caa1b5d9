package dev.communicable.channel.webhook;

import dev.communicable.CommunicationException;
import java.util.Objects;

/**
 * A received webhook failed verification: answer it with 400 or 401 and do not process it. {@link
 * #reason()} says which check failed.
 */
public final class WebhookVerificationException extends CommunicationException {
  private static final long serialVersionUID = 1L;

  /** Which check failed. */
  public enum Reason {
    /**
     * One of {@code webhook-id}, {@code webhook-timestamp}, {@code webhook-signature} is absent.
     */
    MISSING_HEADER,
    /** {@code webhook-timestamp} is not a whole number of seconds since the epoch. */
    MALFORMED_TIMESTAMP,
    /** {@code webhook-timestamp} is older than the tolerance allows: a possible replay. */
    STALE_TIMESTAMP,
    /** {@code webhook-timestamp} lies further in the future than the tolerance allows. */
    FUTURE_TIMESTAMP,
    /** No {@code v1} signature in the header matches any of the secrets. */
    SIGNATURE_MISMATCH
  }

  private final Reason reason;

  WebhookVerificationException(Reason reason, String message) {
    super(message);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** Which check failed. */
  public Reason reason() {
    return reason;
  }
}
