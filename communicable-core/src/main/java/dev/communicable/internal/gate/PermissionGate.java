package dev.communicable.internal.gate;

import dev.communicable.Arguments;
import dev.communicable.delivery.Delivery;
import dev.communicable.preference.Preferences;
import dev.communicable.spi.Authorizer;

/**
 * Suppresses a delivery the authorizer does not permit, or the recipient's preferences refuse
 * (opted out of the topic or channel, or muted; a CRITICAL message passes the preferences when the
 * recipient lets it). A suppressed delivery goes on to its fallback channel.
 */
public final class PermissionGate implements Gate {
  private final Authorizer authorizer;

  public PermissionGate(Authorizer authorizer) {
    this.authorizer = Arguments.notNull("authorizer", authorizer);
  }

  @Override
  public GateDecision check(Candidate candidate) {
    Delivery d = candidate.delivery();
    String senderId = candidate.message().senderId();
    if (!authorizer.permits(
        d.tenantId(), senderId, candidate.recipient(), d.topic(), d.channel())) {
      return GateDecision.suppress("not permitted");
    }
    Preferences prefs = candidate.preferences();
    if (!prefs.allows(d.topic(), d.channel(), d.priority())) {
      return GateDecision.suppress(
          prefs.muted() ? "muted by the recipient" : "opted out by the recipient");
    }
    return GateDecision.proceed();
  }
}
