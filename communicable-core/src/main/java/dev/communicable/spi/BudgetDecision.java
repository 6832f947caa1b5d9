package dev.communicable.spi;

import java.time.Instant;
import java.util.Objects;

/**
 * The answer of {@link TenantBudgets}: whether the sends were counted, how much of the period's
 * quota is used and left, and when the period resets.
 *
 * @param allowed for {@link TenantBudgets#tryConsume}: true when the amount was counted; for {@link
 *     TenantBudgets#status}: true when at least one more send fits
 * @param used how many sends the current period has counted, after this call
 * @param remaining how many more fit in the current period, never negative
 * @param resetsAt when the current period ends and the count starts again from zero; a refused send
 *     can be rescheduled to this instant
 */
public record BudgetDecision(boolean allowed, long used, long remaining, Instant resetsAt) {
  public BudgetDecision {
    if (used < 0) {
      throw new IllegalArgumentException("used must be at least 0, was " + used);
    }
    if (remaining < 0) {
      throw new IllegalArgumentException("remaining must be at least 0, was " + remaining);
    }
    Objects.requireNonNull(resetsAt, "resetsAt");
  }
}
