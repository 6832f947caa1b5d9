package dev.communicable.internal.gate;

import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Delivery;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.policy.QuietHours;
import dev.communicable.preference.Preferences;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * Holds a delivery until the quiet hours it falls in end: the policy's, then the recipient's own,
 * read in the recipient's zone. In-app messages are never held: an inbox entry does not interrupt
 * anyone. A CRITICAL message passes the policy's quiet hours when the policy lets it, and the
 * recipient's own when the recipient does.
 */
public final class QuietHoursGate implements Gate {

  /** Two quiet spans can chain (one ends as the other starts); a few rounds settle it. */
  private static final int ROUNDS = 4;

  @Override
  public GateDecision check(Candidate candidate) {
    Delivery d = candidate.delivery();
    if (ChannelType.IN_APP.equals(d.channel())) {
      return GateDecision.proceed();
    }
    boolean critical = d.priority() == Priority.CRITICAL;
    DeliveryPolicy policy = candidate.policy();
    Preferences prefs = candidate.preferences();
    QuietHours policyQuiet =
        critical && policy.criticalBypassesQuietHours() ? null : policy.quietHours().orElse(null);
    QuietHours ownQuiet = critical && prefs.criticalOverride() ? null : prefs.quietHours();
    Instant now = candidate.now();
    Instant until = nextAllowed(now, d, policyQuiet, ownQuiet);
    return until.equals(now)
        ? GateDecision.proceed()
        : GateDecision.deferUntil(until, "quiet hours until " + until);
  }

  /** The first instant from {@code now} on outside both quiet spans (either may be null). */
  private static Instant nextAllowed(
      Instant now, Delivery d, @Nullable QuietHours policyQuiet, @Nullable QuietHours ownQuiet) {
    Instant at = now;
    for (int i = 0; i < ROUNDS; i++) {
      Instant next = at;
      if (policyQuiet != null) {
        next = policyQuiet.nextAllowed(next, d.route().timeZone());
      }
      if (ownQuiet != null) {
        next = ownQuiet.nextAllowed(next, d.route().timeZone());
      }
      if (next.equals(at)) {
        break;
      }
      at = next;
    }
    return at;
  }
}
