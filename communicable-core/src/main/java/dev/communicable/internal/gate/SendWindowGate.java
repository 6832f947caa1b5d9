package dev.communicable.internal.gate;

import dev.communicable.delivery.Delivery;
import dev.communicable.schedule.SendWindow;
import java.time.Instant;

/**
 * Holds a delivery of a message sent with a {@linkplain dev.communicable.delivery.Message#window()
 * send window} until the window next opens, read in the delivery's zone (its recipient's). It
 * applies to every delivery of the message, whatever its channel and priority: retries, fallbacks
 * and escalations come through here when they fall due, so none goes out outside the window.
 */
public final class SendWindowGate implements Gate {

  @Override
  public GateDecision check(Candidate candidate) {
    SendWindow window = candidate.message().window().orElse(null);
    if (window == null) {
      return GateDecision.proceed();
    }
    Delivery d = candidate.delivery();
    Instant now = candidate.now();
    Instant opening = window.nextOpening(now, d.route().timeZone());
    return opening.equals(now)
        ? GateDecision.proceed()
        : GateDecision.deferUntil(
            opening,
            "outside its send window "
                + window
                + " ("
                + d.route().timeZone().getId()
                + "), opens at "
                + opening);
  }
}
