package dev.communicable.delivery;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One call to a provider for a delivery.
 *
 * @param deliveryId the delivery
 * @param tenantId its tenant
 * @param number 1 for the first attempt
 * @param provider which provider was called
 * @param startedAt when the call began
 * @param finishedAt when it returned
 * @param outcome what came of it
 * @param providerMessageId the provider's id when accepted, else null
 * @param error the failure reason, else null
 */
public record DeliveryAttempt(
    DeliveryId deliveryId,
    String tenantId,
    int number,
    String provider,
    Instant startedAt,
    Instant finishedAt,
    Outcome outcome,
    @Nullable String providerMessageId,
    @Nullable String error) {

  public DeliveryAttempt {
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(finishedAt, "finishedAt");
    Objects.requireNonNull(outcome, "outcome");
  }

  /** How an attempt ended. */
  public enum Outcome {
    /** The provider took the message. */
    ACCEPTED,
    /** The provider could not take it now. */
    RETRYABLE,
    /** The provider refused it for good. */
    PERMANENT,
    /** The adapter threw; treated as retryable. */
    ERROR
  }
}
