package dev.communicable.channel.email;

import dev.communicable.delivery.DeliveryEvent;
import java.util.Objects;
import java.util.Optional;

/**
 * What an email provider's event webhook says about one message: delivered, bounced, opened,
 * reported as spam... Read by {@link SendGridEventWebhook} and {@link MailgunWebhooks} after they
 * check the signature. Pass the ones that carry a {@link #deliveryEvent()} to the engine, and act
 * on the others (a spam report, an unsubscribe) as the application sees fit:
 *
 * <pre>{@code
 * for (EmailEvent event : webhook.verifyAndParse(signature, timestamp, body)) {
 *   event.deliveryEvent().ifPresent(e -> communication.trackByProviderId(
 *       tenantId, event.providerMessageId(), e, event.detail()));
 * }
 * }</pre>
 *
 * @param provider {@code "sendgrid"} or {@code "mailgun"}, as the adapter that sent it records
 * @param providerMessageId the id the adapter's send recorded (SendGrid's {@code X-Message-Id},
 *     Mailgun's message id without angle brackets), so {@code trackByProviderId} finds the delivery
 * @param kind what the event means
 * @param providerEvent the provider's own event word, such as {@code "bounce"} or {@code "failed"}
 * @param reason the provider's explanation when it gave one (a bounce's SMTP reply, a drop reason)
 * @param code the provider's status code when it gave one (SendGrid's enhanced status {@code
 *     5.1.1}, Mailgun's SMTP code {@code 550})
 */
public record EmailEvent(
    String provider,
    String providerMessageId,
    Kind kind,
    String providerEvent,
    Optional<String> reason,
    Optional<String> code) {

  /** The meaning of an event. */
  public enum Kind {
    /**
     * Taken in by the provider and queued (SendGrid {@code processed}, Mailgun {@code accepted}).
     */
    ACCEPTED,
    /** The receiving server put it off for now; the provider tries again. */
    DEFERRED,
    /** The receiving server took it. */
    DELIVERED,
    /** It will not arrive: a bounce, a block, a drop or a permanent failure. */
    FAILED,
    /** The recipient opened it (a tracking pixel loaded). */
    OPENED,
    /** The recipient followed a tracked link. */
    CLICKED,
    /** The recipient reported it as spam. */
    COMPLAINED,
    /** The recipient unsubscribed (from everything, or from one group). */
    UNSUBSCRIBED,
    /** Any other event, such as a resubscribe or an event type the reader does not know. */
    OTHER
  }

  public EmailEvent {
    Objects.requireNonNull(provider, "provider");
    Objects.requireNonNull(providerMessageId, "providerMessageId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(providerEvent, "providerEvent");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(code, "code");
  }

  /**
   * The event to record with {@code Communication.trackByProviderId}: {@link
   * DeliveryEvent#DELIVERED} for a delivered message, {@link DeliveryEvent#UNDELIVERED} for a
   * failed one (the engine fails the delivery and goes on to its fallback channel), {@link
   * DeliveryEvent#READ} for an opened one (which stops a pending escalation); empty for every other
   * kind.
   */
  public Optional<DeliveryEvent> deliveryEvent() {
    return switch (kind) {
      case DELIVERED -> Optional.of(DeliveryEvent.DELIVERED);
      case FAILED -> Optional.of(DeliveryEvent.UNDELIVERED);
      case OPENED -> Optional.of(DeliveryEvent.READ);
      case ACCEPTED, DEFERRED, CLICKED, COMPLAINED, UNSUBSCRIBED, OTHER -> Optional.empty();
    };
  }

  /**
   * The detail to record with the event: the provider, its event word, its code and reason when it
   * gave them, such as {@code "sendgrid bounce 5.1.1: 550 5.1.1 The email account does not exist"}.
   */
  public String detail() {
    StringBuilder s = new StringBuilder(provider).append(' ').append(providerEvent);
    code.ifPresent(c -> s.append(' ').append(c));
    reason.ifPresent(r -> s.append(": ").append(r));
    return s.toString();
  }
}
