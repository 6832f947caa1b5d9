package dev.communicable.internal.gate;

import dev.communicable.Priority;
import dev.communicable.delivery.Delivery;
import dev.communicable.spi.BudgetDecision;
import dev.communicable.spi.BudgetRules;
import dev.communicable.spi.TenantBudget;
import dev.communicable.spi.TenantBudgets;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * The tenant budgets a send must fit in, consulted in two steps around the throttle: {@link #check}
 * before it, as a gate (a read: a tenant already over budget takes no throttle slot), then {@link
 * #consume} after it, once the content is rendered and just before the adapter is called (so a send
 * the throttle defers, or that cannot be rendered, is never counted). A {@link Priority#CRITICAL}
 * send is never held: it passes the first step and goes out even when the second refuses.
 */
public final class BudgetGate implements Gate {
  private final @Nullable TenantBudgets ledger;
  private final BudgetRules rules;

  /** Budgets counted in {@code ledger} as {@code rules} define them; none when ledger is null. */
  public BudgetGate(@Nullable TenantBudgets ledger, BudgetRules rules) {
    this.ledger = ledger;
    this.rules = rules;
  }

  /**
   * The budget {@code d}'s send counts against, or null when none applies; what {@link
   * Candidate#budget()} reads, once per send.
   */
  public @Nullable TenantBudget budgetFor(Delivery d) {
    if (ledger == null) {
      return null;
    }
    return rules.budgetFor(d.tenantId(), d.channel()).orElse(null);
  }

  /**
   * Defers the candidate until its budget's reset when the budget has no room left. Counts nothing.
   */
  @Override
  public GateDecision check(Candidate candidate) {
    TenantBudget budget = candidate.budget();
    if (budget == null || candidate.delivery().priority() == Priority.CRITICAL) {
      return GateDecision.proceed();
    }
    BudgetDecision status = ledger.status(budget);
    return status.allowed() ? GateDecision.proceed() : heldBy(budget, status);
  }

  /**
   * Counts the candidate's send; defers it until the budget's reset when the budget is spent, else
   * lets it proceed (counted, or CRITICAL and sent uncounted).
   */
  public GateDecision consume(Candidate candidate) {
    TenantBudget budget = candidate.budget();
    if (budget == null) {
      return GateDecision.proceed();
    }
    BudgetDecision decision = ledger.tryConsume(budget, 1);
    return decision.allowed() || candidate.delivery().priority() == Priority.CRITICAL
        ? GateDecision.proceed()
        : heldBy(budget, decision);
  }

  /** A deferral until {@code decision}'s reset, in the timeline's words for a spent budget. */
  private static GateDecision heldBy(TenantBudget budget, BudgetDecision decision) {
    return GateDecision.deferUntil(
        decision.resetsAt(),
        "budget of "
            + budget.quota()
            + " per "
            + budget.period().name().toLowerCase(Locale.ROOT)
            + " on "
            + budget.channel()
            + " exhausted, resumes at "
            + decision.resetsAt().atZone(budget.zone()).toOffsetDateTime());
  }
}
