package dev.communicable.redis;

import dev.communicable.spi.TenantBudgets;
import dev.communicable.testkit.TenantBudgetsContract;
import java.time.Clock;
import org.junit.jupiter.api.Tag;
import redis.clients.jedis.JedisPooled;

/** The testkit's tenant budgets contract, on a real Redis. */
@Tag("integration")
class RedisTenantBudgetsContractTest extends TenantBudgetsContract {
  private JedisPooled jedis;

  @Override
  protected TenantBudgets createBudgets(Clock clock) {
    jedis = RedisTestServer.client();
    return RedisTenantBudgets.builder(jedis)
        .keyPrefix(RedisTestServer.uniquePrefix("budget-contract"))
        .clock(clock)
        .build();
  }

  @Override
  protected void closeBudgets(TenantBudgets budgets) {
    jedis.close();
  }
}
