package dev.communicable.delivery;

import dev.communicable.CommunicationException;

/** A delivery was asked to make a move its state machine does not allow. */
public class IllegalTransitionException extends CommunicationException {
  private static final long serialVersionUID = 1L;

  private final DeliveryState from;
  private final DeliveryEvent event;

  public IllegalTransitionException(DeliveryState from, DeliveryEvent event) {
    super("a delivery in state " + from + " cannot take event " + event);
    this.from = from;
    this.event = event;
  }

  public DeliveryState from() {
    return from;
  }

  public DeliveryEvent event() {
    return event;
  }
}
