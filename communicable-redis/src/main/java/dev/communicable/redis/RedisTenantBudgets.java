package dev.communicable.redis;

import dev.communicable.Arguments;
import dev.communicable.StoreException;
import dev.communicable.redis.internal.LuaScript;
import dev.communicable.redis.internal.OutageGuard;
import dev.communicable.spi.BudgetDecision;
import dev.communicable.spi.TenantBudget;
import dev.communicable.spi.TenantBudgets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@link TenantBudgets} shared by every node that uses the same Redis: one counter per tenant,
 * channel and period, checked and incremented by one Lua script so that concurrent nodes never
 * count past the quota. The period (which day or month, in the tenant's zone) is read from the
 * injected {@link Clock}; each counter expires a day after its period ends.
 *
 * <p>While Redis is down, calls fail fast with a transient {@link StoreException} (one probe per
 * probe interval goes to Redis) and the outage is reported once to the {@link RedisOutageListener}:
 * a budget is a count the host is billed by, so it is never guessed.
 */
public final class RedisTenantBudgets implements TenantBudgets {
  private static final LuaScript SCRIPT = LuaScript.resource("budget.lua");
  private static final Duration GRACE = Duration.ofDays(1);

  private final UnifiedJedis jedis;
  private final String keyPrefix;
  private final Clock clock;
  private final OutageGuard guard;

  private RedisTenantBudgets(Builder b) {
    this.jedis = b.jedis;
    this.keyPrefix = b.keyPrefix;
    this.clock = b.clock;
    this.guard = new OutageGuard("tenant budgets", b.probeInterval, b.clock, b.listener);
  }

  /** Budgets on {@code jedis} with the defaults of {@link Builder}. */
  public static RedisTenantBudgets create(UnifiedJedis jedis) {
    return builder(jedis).build();
  }

  /** Starts budgets on {@code jedis}, which stays the caller's. */
  public static Builder builder(UnifiedJedis jedis) {
    return new Builder(jedis);
  }

  @Override
  public BudgetDecision tryConsume(TenantBudget budget, long amount) {
    Arguments.notNull("budget", budget);
    Arguments.positive("amount", amount);
    Instant now = clock.instant();
    Instant resetsAt = budget.resetsAt(now);
    long keepMillis = Duration.between(now, resetsAt).plus(GRACE).toMillis();
    List<?> reply =
        (List<?>)
            call(
                () ->
                    SCRIPT.run(
                        jedis,
                        List.of(key(budget, now)),
                        List.of(
                            Long.toString(amount),
                            Long.toString(budget.quota()),
                            Long.toString(keepMillis))));
    boolean allowed = (Long) reply.get(0) == 1L;
    long used = (Long) reply.get(1);
    return new BudgetDecision(allowed, used, Math.max(0, budget.quota() - used), resetsAt);
  }

  @Override
  public BudgetDecision status(TenantBudget budget) {
    Arguments.notNull("budget", budget);
    Instant now = clock.instant();
    String value = (String) call(() -> jedis.get(key(budget, now)));
    long used = value == null ? 0 : Long.parseLong(value);
    return new BudgetDecision(
        used < budget.quota(), used, Math.max(0, budget.quota() - used), budget.resetsAt(now));
  }

  private @Nullable Object call(java.util.function.Supplier<@Nullable Object> command) {
    if (!guard.shouldCall()) {
      throw new StoreException("Redis is unavailable to the tenant budgets", true, null);
    }
    try {
      Object result = command.get();
      guard.succeeded();
      return result;
    } catch (JedisException e) {
      guard.failed(e);
      throw new StoreException("Redis is unavailable to the tenant budgets", true, e);
    }
  }

  private String key(TenantBudget b, Instant now) {
    // The channel name cannot hold ':' and the period label is fixed, so the key parses
    // unambiguously from the end whatever the tenant id holds.
    String period = b.period() == TenantBudget.Period.DAY ? "d:" : "m:";
    return keyPrefix + b.tenantId() + ':' + b.channel().name() + ':' + period + b.periodStart(now);
  }

  /** Configures {@link RedisTenantBudgets}. */
  public static final class Builder {
    private final UnifiedJedis jedis;
    private String keyPrefix = "communicable:budget:";
    private Clock clock = Clock.systemUTC();
    private Duration probeInterval = Duration.ofSeconds(1);
    private RedisOutageListener listener = RedisOutageListener.logging();

    private Builder(UnifiedJedis jedis) {
      this.jedis = Arguments.notNull("jedis", jedis);
    }

    /** Prefixes every key. Default {@code "communicable:budget:"}. */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = Arguments.notNull("keyPrefix", keyPrefix);
      return this;
    }

    /** The clock that says which day or month it is. Default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Arguments.notNull("clock", clock);
      return this;
    }

    /** While Redis is down, how often one call tries it again. Default 1 second. */
    public Builder probeInterval(Duration probeInterval) {
      Arguments.positive("probeInterval", probeInterval);
      Arguments.check(
          probeInterval.toMillis() >= 1,
          "probeInterval",
          "must be at least 1 ms, was " + probeInterval);
      this.probeInterval = probeInterval;
      return this;
    }

    /** Hears when Redis goes and returns. Default {@link RedisOutageListener#logging()}. */
    public Builder outageListener(RedisOutageListener listener) {
      this.listener = Arguments.notNull("outageListener", listener);
      return this;
    }

    /** The budgets. */
    public RedisTenantBudgets build() {
      return new RedisTenantBudgets(this);
    }
  }
}
