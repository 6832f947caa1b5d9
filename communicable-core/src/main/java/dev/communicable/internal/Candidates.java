package dev.communicable.internal;

import dev.communicable.Recipient;
import dev.communicable.delivery.Delivery;
import dev.communicable.internal.gate.BudgetGate;
import dev.communicable.internal.gate.Candidate;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Makes the {@link Candidate} of each claimed delivery, reading through the engine's caches. */
final class Candidates {
  private static final Logger log = LoggerFactory.getLogger(Candidates.class);

  private final MessageCache messages;
  private final Policies policies;
  private final PreferenceCache preferences;
  private final BudgetGate budgets;

  Candidates(
      MessageCache messages, Policies policies, PreferenceCache preferences, BudgetGate budgets) {
    this.messages = messages;
    this.policies = policies;
    this.preferences = preferences;
    this.budgets = budgets;
  }

  /** {@code claimed} as the gates see it at {@code now}. */
  Candidate of(Delivery claimed, Instant now) {
    return new Candidate(
        claimed,
        now,
        policies.forTopic(claimed.topic()),
        () -> messages.get(claimed.tenantId(), claimed.messageId()),
        () -> preferences.get(claimed.tenantId(), claimed.recipientId()),
        () -> budgets.budgetFor(claimed));
  }

  /** The delivery's recipient, or null when it cannot be read (then no fallback is planned). */
  @Nullable Recipient recipientOrNull(Delivery d) {
    try {
      return messages
          .get(d.tenantId(), d.messageId())
          .flatMap(m -> Candidate.recipientOf(m, d))
          .orElse(null);
    } catch (RuntimeException e) {
      log.warn("Could not read the recipient of delivery {}", d.id(), e);
      return null;
    }
  }
}
