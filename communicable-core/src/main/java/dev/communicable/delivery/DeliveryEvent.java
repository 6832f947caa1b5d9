package dev.communicable.delivery;

/** What happens to a delivery; each event moves it along one row of {@link DeliveryTransitions}. */
public enum DeliveryEvent {
  /** A worker claimed a due delivery (or took over one whose lease ran out). */
  CLAIM,
  /** The provider accepted the message. */
  ACCEPTED,
  /** The attempt failed in a way that may pass later and the policy allows another attempt. */
  RETRY,
  /** Not attempted now (throttled, quiet hours, shutdown): back to the queue without an attempt. */
  DEFER,
  /** The provider refused for good. */
  REJECTED,
  /** The attempt failed and the policy's attempts are spent. */
  EXHAUSTED,
  /** The provider reported delivery. */
  DELIVERED,
  /** The recipient opened or read the message. */
  READ,
  /**
   * The provider reported, after accepting the message, that it could not be delivered: a carrier's
   * "undelivered" or "failed" SMS status, an email bounce. The delivery fails and its fallback
   * chain goes on, as after a refusal at send time.
   */
  UNDELIVERED,
  /** Preferences or permissions say not to send. */
  SUPPRESS,
  /** Cancelled by the application, or no longer needed. */
  CANCEL,
  /** Its expiry passed. */
  EXPIRE,
  /** A dead letter is sent again. */
  REPLAY
}
