package dev.communicable.internal;

import dev.communicable.Priority;
import dev.communicable.delivery.Delivery;
import dev.communicable.spi.BudgetDecision;
import dev.communicable.spi.BudgetRules;
import dev.communicable.spi.TenantBudget;
import dev.communicable.spi.TenantBudgets;
import java.util.Locale;

/**
 * The tenant budgets a send must fit in, consulted by the worker in two steps around the throttle:
 * {@link #exhausted} before it (a read: a tenant already over budget takes no throttle slot), then
 * {@link #consume} after it, just before the adapter is called (so a send the throttle defers is
 * never counted). A {@link Priority#CRITICAL} send is never held: it skips the first step and goes
 * out even when the second refuses.
 */
final class BudgetGate {
  private final TenantBudgets ledger;
  private final BudgetRules rules;

  /** Budgets counted in {@code ledger} as {@code rules} define them; none when ledger is null. */
  BudgetGate(TenantBudgets ledger, BudgetRules rules) {
    this.ledger = ledger;
    this.rules = rules;
  }

  /** The budget {@code d}'s send counts against, or null when none applies. */
  TenantBudget budgetFor(Delivery d) {
    if (ledger == null) {
      return null;
    }
    return rules.budgetFor(d.tenantId(), d.channel()).orElse(null);
  }

  /**
   * The budget's state when it has no room left and {@code d} must wait for its reset, else null.
   * Counts nothing.
   */
  BudgetDecision exhausted(TenantBudget budget, Delivery d) {
    if (budget == null || d.priority() == Priority.CRITICAL) {
      return null;
    }
    BudgetDecision status = ledger.status(budget);
    return status.allowed() ? null : status;
  }

  /**
   * Counts {@code d}'s send; returns the refusal when the budget is spent and {@code d} must wait,
   * else null (counted, or CRITICAL and sent uncounted).
   */
  BudgetDecision consume(TenantBudget budget, Delivery d) {
    if (budget == null) {
      return null;
    }
    BudgetDecision decision = ledger.tryConsume(budget, 1);
    return decision.allowed() || d.priority() == Priority.CRITICAL ? null : decision;
  }

  /** The timeline's words for a send held by a spent budget. */
  static String heldBy(TenantBudget budget, BudgetDecision decision) {
    return "budget of "
        + budget.quota()
        + " per "
        + budget.period().name().toLowerCase(Locale.ROOT)
        + " on "
        + budget.channel()
        + " exhausted, resumes at "
        + decision.resetsAt().atZone(budget.zone()).toOffsetDateTime();
  }
}
