package dev.communicable.spi;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelType;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where the engine finds each tenant's {@link TenantBudget} for a channel: usually the host's own
 * plan or billing data. Asked once per send on a channel, so an implementation reading a database
 * should cache; a changed quota takes effect on the next send.
 */
@FunctionalInterface
public interface BudgetRules {

  /** The budget capping {@code tenantId}'s sends on {@code channel}, or empty for no cap. */
  Optional<TenantBudget> budgetFor(String tenantId, ChannelType channel);

  /** No budgets: nothing is capped. */
  static BudgetRules none() {
    return (tenantId, channel) -> Optional.empty();
  }

  /**
   * A fixed table of budgets, at most one per tenant and channel.
   *
   * @throws InvalidRequestException when {@code budgets} is null, holds a null, or holds two
   *     budgets for the same tenant and channel
   */
  static BudgetRules of(Collection<TenantBudget> budgets) {
    Arguments.notNull("budgets", budgets);
    record Key(String tenantId, ChannelType channel) {}
    Map<Key, TenantBudget> table = new HashMap<>();
    int i = 0;
    for (TenantBudget b : budgets) {
      Arguments.notNull("budgets[" + i + "]", b);
      if (table.putIfAbsent(new Key(b.tenantId(), b.channel()), b) != null) {
        throw new InvalidRequestException(
            "budgets[" + i + "]",
            "a second budget for tenant '" + b.tenantId() + "' on " + b.channel());
      }
      i++;
    }
    Map<Key, TenantBudget> frozen = Map.copyOf(table);
    return (tenantId, channel) -> Optional.ofNullable(frozen.get(new Key(tenantId, channel)));
  }
}
