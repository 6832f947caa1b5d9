package dev.communicable.internal.gate;

import dev.communicable.Arguments;
import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Delivery;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.policy.QuietHours;
import dev.communicable.preference.Preferences;
import dev.communicable.spi.QuietHoursRules;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Holds a delivery until the quiet hours it falls in end: the policy's, the tenant's for the
 * delivery's channel ({@link QuietHoursRules}), and the recipient's own, all read in the
 * recipient's zone; it waits until every one of them allows it. In-app messages are never held: an
 * inbox entry does not interrupt anyone. A CRITICAL message passes the policy's and the tenant's
 * quiet hours when the policy lets it, and the recipient's own when the recipient does.
 */
public final class QuietHoursGate implements Gate {

  /** Quiet spans can chain (one ends as another starts); a few rounds settle it. */
  private static final int ROUNDS = 6;

  private final QuietHoursRules tenantRules;

  /** The policy's and the recipient's quiet hours only. */
  public QuietHoursGate() {
    this(QuietHoursRules.none());
  }

  /** The policy's, the recipient's, and the tenants' as {@code tenantRules} say. */
  public QuietHoursGate(QuietHoursRules tenantRules) {
    this.tenantRules = Arguments.notNull("quietHoursRules", tenantRules);
  }

  @Override
  public GateDecision check(Candidate candidate) {
    Delivery d = candidate.delivery();
    if (ChannelType.IN_APP.equals(d.channel())) {
      return GateDecision.proceed();
    }
    boolean critical = d.priority() == Priority.CRITICAL;
    DeliveryPolicy policy = candidate.policy();
    Preferences prefs = candidate.preferences();
    boolean bypassPolicy = critical && policy.criticalBypassesQuietHours();
    List<QuietHours> spans = new ArrayList<>(3);
    if (!bypassPolicy) {
      policy.quietHours().ifPresent(spans::add);
      tenantRules.quietHours(d.tenantId(), d.channel()).ifPresent(spans::add);
    }
    QuietHours ownQuiet = critical && prefs.criticalOverride() ? null : prefs.quietHours();
    if (ownQuiet != null) {
      spans.add(ownQuiet);
    }
    Instant now = candidate.now();
    Instant until = nextAllowed(now, d, spans);
    return until.equals(now)
        ? GateDecision.proceed()
        : GateDecision.deferUntil(until, "quiet hours until " + until);
  }

  /** The first instant from {@code now} on outside every one of {@code spans}. */
  private static Instant nextAllowed(Instant now, Delivery d, List<QuietHours> spans) {
    Instant at = now;
    for (int i = 0; i < ROUNDS; i++) {
      Instant next = at;
      for (QuietHours span : spans) {
        next = span.nextAllowed(next, d.route().timeZone());
      }
      if (next.equals(at)) {
        break;
      }
      at = next;
    }
    return at;
  }
}
