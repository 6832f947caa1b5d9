package dev.communicable.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.channel.ChannelType;
import dev.communicable.memory.SettableClock;
import dev.communicable.spi.TenantBudget;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * What only the Redis budgets do: their keys and when those expire. How budgets count is the
 * testkit's contract, run by {@link RedisTenantBudgetsContractTest}.
 */
@Tag("integration")
class RedisTenantBudgetsTest {
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  private final JedisPooled jedis = RedisTestServer.client();
  private final String prefix = RedisTestServer.uniquePrefix("budget");
  // Close to real time, so key expiry (relative to the server's clock) stays meaningful.
  private final LocalDate today = LocalDate.now(TOKYO);
  private final Instant midnight = today.plusDays(1).atStartOfDay(TOKYO).toInstant();
  private final SettableClock clock = SettableClock.of(midnight.minusSeconds(90));
  private final RedisTenantBudgets budgets =
      RedisTenantBudgets.builder(jedis).keyPrefix(prefix).clock(clock).build();

  @AfterEach
  void closeClient() {
    jedis.close();
  }

  @Test
  @DisplayName("each counter expires a day after its period ends")
  void counters_expire() {
    budgets.tryConsume(TenantBudget.daily("acme", ChannelType.SMS, 5, TOKYO), 1);

    var keys = jedis.keys(prefix + "*");
    assertThat(keys).containsExactly(prefix + "acme:sms:d:" + today);
    long expected = Duration.ofSeconds(90).plus(Duration.ofDays(1)).toMillis();
    assertThat(jedis.pttl(prefix + "acme:sms:d:" + today)).isBetween(expected - 5_000, expected);
  }

  @Test
  @DisplayName("a refused call writes no key")
  void refused_calls_write_nothing() {
    budgets.tryConsume(TenantBudget.daily("acme", ChannelType.SMS, 0, TOKYO), 1);

    assertThat(jedis.keys(prefix + "*")).isEmpty();
  }
}
