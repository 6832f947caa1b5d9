package dev.communicable.channel;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What a provider said about one send. Rejection is a value: an adapter returns {@link Permanent}
 * when the provider refused for good (bad address, revoked token, payload too large) and {@link
 * Retryable} when it may succeed later (429, 5xx, timeout). An exception thrown by an adapter is
 * treated as retryable.
 */
public sealed interface SendResult {

  /**
   * The {@link Permanent#code()} an adapter gives when the address is dead for good (a push token
   * the provider reports unregistered, a mailbox that no longer exists); the engine then
   * deactivates it so it is never used again.
   */
  String ADDRESS_REVOKED = "address_revoked";

  /** The provider that answered, such as {@code "smtp"}, {@code "twilio"} or {@code "fcm"}. */
  String provider();

  /** The provider took the message. */
  record Accepted(String provider, @Nullable String providerMessageId) implements SendResult {
    public Accepted {
      Objects.requireNonNull(provider, "provider");
    }
  }

  /**
   * The provider could not take the message now; the dispatcher retries with backoff, or no earlier
   * than {@code retryAfter} when the provider said so.
   */
  record Retryable(String provider, String reason, Optional<Duration> retryAfter)
      implements SendResult {
    public Retryable {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }
  }

  /**
   * The provider refused for good; retrying would not help. {@code code} is the provider's error
   * code where it gives one. The dispatcher moves on to the fallback channel if there is one.
   */
  record Permanent(String provider, @Nullable String code, String reason) implements SendResult {
    public Permanent {
      Objects.requireNonNull(provider, "provider");
      Objects.requireNonNull(reason, "reason");
    }
  }

  static Accepted accepted(String provider, @Nullable String providerMessageId) {
    return new Accepted(provider, providerMessageId);
  }

  static Retryable retryable(String provider, String reason) {
    return new Retryable(provider, reason, Optional.empty());
  }

  static Retryable retryable(String provider, String reason, Duration retryAfter) {
    return new Retryable(provider, reason, Optional.of(retryAfter));
  }

  static Permanent permanent(String provider, @Nullable String code, String reason) {
    return new Permanent(provider, code, reason);
  }

  /** True for {@link Accepted}. */
  default boolean isAccepted() {
    return this instanceof Accepted;
  }
}
