package dev.communicable.memory;

import dev.communicable.Arguments;
import dev.communicable.channel.ChannelType;
import dev.communicable.spi.BudgetDecision;
import dev.communicable.spi.TenantBudget;
import dev.communicable.spi.TenantBudgets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link TenantBudgets} for one process: one counter per tenant, channel and period kind, replaced
 * when its period ends, so memory holds one entry per budget in use whatever the traffic. Time
 * comes from the injected {@link Clock}.
 */
public final class InMemoryTenantBudgets implements TenantBudgets {

  private final Clock clock;
  private final ConcurrentHashMap<Key, Count> counts = new ConcurrentHashMap<>();

  private InMemoryTenantBudgets(Clock clock) {
    this.clock = clock;
  }

  /** Budgets counted in memory, with periods read from {@code clock}. */
  public static InMemoryTenantBudgets create(Clock clock) {
    return new InMemoryTenantBudgets(Arguments.notNull("clock", clock));
  }

  @Override
  public BudgetDecision tryConsume(TenantBudget budget, long amount) {
    Arguments.notNull("budget", budget);
    Arguments.positive("amount", amount);
    Instant now = clock.instant();
    LocalDate start = budget.periodStart(now);
    boolean[] allowed = new boolean[1];
    Count after =
        counts.compute(
            Key.of(budget),
            (k, current) -> {
              long used = current == null || !current.start.equals(start) ? 0 : current.used;
              // Written as a subtraction so that a huge amount cannot overflow past the quota.
              allowed[0] = amount <= budget.quota() - used;
              return new Count(start, allowed[0] ? used + amount : used);
            });
    return decision(budget, allowed[0], after.used, now);
  }

  @Override
  public BudgetDecision status(TenantBudget budget) {
    Arguments.notNull("budget", budget);
    Instant now = clock.instant();
    Count current = counts.get(Key.of(budget));
    long used =
        current == null || !current.start.equals(budget.periodStart(now)) ? 0 : current.used;
    return decision(budget, used < budget.quota(), used, now);
  }

  private static BudgetDecision decision(
      TenantBudget budget, boolean allowed, long used, Instant now) {
    return new BudgetDecision(
        allowed, used, Math.max(0, budget.quota() - used), budget.resetsAt(now));
  }

  private record Key(String tenantId, ChannelType channel, TenantBudget.Period period) {
    static Key of(TenantBudget b) {
      return new Key(b.tenantId(), b.channel(), b.period());
    }
  }

  private record Count(LocalDate start, long used) {}
}
