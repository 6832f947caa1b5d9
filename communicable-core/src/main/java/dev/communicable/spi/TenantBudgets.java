package dev.communicable.spi;

/**
 * Counts each tenant's sends against its {@link TenantBudget}: a quota per channel per day or
 * month, reset on the tenant's own calendar. Implementations: in-memory (one node) and Redis
 * (shared by all nodes).
 *
 * <p>Where a throttle smooths the rate of sends, a budget caps their total: a refused send is
 * deferred to {@link BudgetDecision#resetsAt()}, not failed. Consult the budget after the throttle
 * has allowed a send, so that a send the throttle defers is not counted twice.
 */
public interface TenantBudgets {

  /**
   * Counts {@code amount} sends against the budget's current period if they all fit within its
   * quota, atomically; otherwise counts nothing.
   *
   * @param amount how many sends, at least 1
   * @throws dev.communicable.InvalidRequestException when {@code budget} is null or {@code amount}
   *     is below 1
   * @throws dev.communicable.StoreException when the count could not be reached (a shared store
   *     being down); transient, so the caller may retry later
   */
  BudgetDecision tryConsume(TenantBudget budget, long amount);

  /**
   * What the budget's current period has used and has left, counting nothing.
   *
   * @throws dev.communicable.InvalidRequestException when {@code budget} is null
   * @throws dev.communicable.StoreException when the count could not be reached
   */
  BudgetDecision status(TenantBudget budget);
}
