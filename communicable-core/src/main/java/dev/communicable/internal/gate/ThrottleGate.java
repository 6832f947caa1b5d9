package dev.communicable.internal.gate;

import dev.communicable.Arguments;
import dev.communicable.delivery.Delivery;
import dev.communicable.spi.ThrottleDecision;
import dev.communicable.spi.ThrottlePermit;
import dev.communicable.spi.Throttler;
import java.time.Instant;
import java.util.List;

/**
 * Holds a delivery over one of its policy's throttles on its channel until a slot frees; when every
 * throttle has room, takes a slot of each. It comes after the {@link BudgetGate} has looked at the
 * budget and before the worker counts the send against it: a send the throttle defers must not use
 * up budget.
 */
public final class ThrottleGate implements Gate {
  private final Throttler throttler;

  public ThrottleGate(Throttler throttler) {
    this.throttler = Arguments.notNull("throttler", throttler);
  }

  @Override
  public GateDecision check(Candidate candidate) {
    Delivery d = candidate.delivery();
    List<ThrottlePermit> permits =
        candidate.policy().throttlesFor(d.channel()).stream()
            .map(t -> t.permitFor(d.tenantId(), d.channel(), d.recipientId()))
            .toList();
    if (permits.isEmpty()) {
      return GateDecision.proceed();
    }
    ThrottleDecision decision = throttler.tryAcquire(permits);
    if (decision.allowed()) {
      return GateDecision.proceed();
    }
    Instant at = candidate.now().plus(decision.retryAfter());
    return GateDecision.deferUntil(at, "throttled until " + at);
  }
}
