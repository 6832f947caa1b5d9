package dev.communicable.channel.sms;

import dev.communicable.delivery.DeliveryEvent;
import java.util.Objects;
import java.util.Optional;

/**
 * What a provider's delivery-status callback says about one message. Pass a final one (delivered,
 * or failed: the engine then fails the delivery and moves on to its fallback channel) to the
 * engine:
 *
 * <pre>{@code
 * SmsDeliveryReceipt receipt = callbacks.verifyAndParse(url, params, signature);
 * receipt.deliveryEvent()
 *     .ifPresent(e -> communication.trackByProviderId(
 *         tenantId, receipt.providerMessageId(), e, receipt.detail()));
 * }</pre>
 *
 * @param provider {@code "twilio"} or {@code "vonage"}
 * @param providerMessageId the id the adapter's send returned
 * @param outcome what the status means
 * @param providerStatus the provider's own status word, such as {@code "undelivered"}
 * @param errorCode the provider's error code when it gave one (Twilio {@code 30003}, Vonage {@code
 *     err-code})
 */
public record SmsDeliveryReceipt(
    String provider,
    String providerMessageId,
    Outcome outcome,
    String providerStatus,
    Optional<String> errorCode) {

  /** The meaning of a status. */
  public enum Outcome {
    /** On its way (queued, sent, accepted, buffered): no final answer yet. */
    PENDING,
    /** The handset received it. */
    DELIVERED,
    /** It will not arrive (failed, undelivered, expired, rejected). */
    FAILED
  }

  public SmsDeliveryReceipt {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(providerMessageId, "providerMessageId");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(providerStatus, "providerStatus");
    Objects.requireNonNull(errorCode, "errorCode");
  }

  /**
   * The event to record with {@code Communication.trackByProviderId}: {@link
   * DeliveryEvent#DELIVERED} for a delivered message, {@link DeliveryEvent#UNDELIVERED} for a
   * failed one (the engine fails the delivery and goes on to its fallback channel); empty for a
   * pending one.
   */
  public Optional<DeliveryEvent> deliveryEvent() {
    return switch (outcome) {
      case DELIVERED -> Optional.of(DeliveryEvent.DELIVERED);
      case FAILED -> Optional.of(DeliveryEvent.UNDELIVERED);
      case PENDING -> Optional.empty();
    };
  }

  /**
   * The detail to record with the event: the provider, its status and its error code when it gave
   * one, such as {@code "twilio undelivered, error 30003"}.
   */
  public String detail() {
    return provider + " " + providerStatus + errorCode.map(code -> ", error " + code).orElse("");
  }
}
