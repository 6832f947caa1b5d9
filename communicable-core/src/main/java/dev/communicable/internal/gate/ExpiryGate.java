package dev.communicable.internal.gate;

import dev.communicable.delivery.Delivery;

/** Expires a delivery whose expiry has come: nothing is sent after it. */
public final class ExpiryGate implements Gate {

  @Override
  public GateDecision check(Candidate candidate) {
    Delivery d = candidate.delivery();
    if (d.expiresAt() != null && !candidate.now().isBefore(d.expiresAt())) {
      return GateDecision.expire("expired at " + d.expiresAt());
    }
    return GateDecision.proceed();
  }
}
