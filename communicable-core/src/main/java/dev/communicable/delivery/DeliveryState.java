package dev.communicable.delivery;

/**
 * Where a delivery stands. Moves are checked against {@link DeliveryTransitions}.
 *
 * <pre>
 * QUEUED -> SENDING -> SENT -> DELIVERED -> READ
 *             |  \-> QUEUED (retryable failure, attempts left; or throttled, deferred)
 *             |-> FAILED (permanent failure) ; -> DEAD_LETTERED (attempts spent)
 * SENT, DELIVERED -> FAILED (the provider reports it undelivered: a carrier's failure, a bounce)
 * SUPPRESSED, CANCELLED, EXPIRED: ended without sending
 * </pre>
 */
public enum DeliveryState {
  /** Waiting for its scheduled time and a worker. */
  QUEUED,
  /** Claimed by a worker under a lease; the provider is being called. */
  SENDING,
  /** The provider accepted it. */
  SENT,
  /** The provider reported it delivered to the device or mailbox. */
  DELIVERED,
  /** The recipient opened or read it. */
  READ,
  /**
   * The provider refused it for good, or reported after taking it that it could not be delivered.
   */
  FAILED,
  /** Every attempt the policy allows failed; it waits in the dead-letter queue for replay. */
  DEAD_LETTERED,
  /** Not sent: opted out, muted, or not permitted. */
  SUPPRESSED,
  /** Not sent: cancelled by the application or made unnecessary (the message was read). */
  CANCELLED,
  /** Not sent: its expiry passed before it could be. */
  EXPIRED;

  /**
   * True when the dispatcher will do nothing more with the delivery. Receipts may still move a sent
   * delivery on to DELIVERED and READ, or to FAILED when the provider reports it undelivered (from
   * SENT or DELIVERED, never from READ), and a dead letter may be replayed.
   */
  public boolean isTerminal() {
    return this != QUEUED && this != SENDING;
  }

  /** True for SENT, DELIVERED and READ: the provider took the message. */
  public boolean isSuccess() {
    return this == SENT || this == DELIVERED || this == READ;
  }
}
