package dev.communicable.testkit;

import dev.communicable.memory.InMemoryTenantBudgets;
import dev.communicable.spi.TenantBudgets;
import java.time.Clock;

class InMemoryTenantBudgetsContractTest extends TenantBudgetsContract {
  @Override
  protected TenantBudgets createBudgets(Clock clock) {
    return InMemoryTenantBudgets.create(clock);
  }
}
