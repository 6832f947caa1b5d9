package dev.communicable.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelType;
import dev.communicable.spi.BudgetDecision;
import dev.communicable.spi.TenantBudget;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

@Tag("integration")
class RedisTenantBudgetsTest {
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  private final JedisPooled jedis = RedisTestServer.client();
  private final String prefix = RedisTestServer.uniquePrefix("budget");
  // Close to real time, so key expiry (relative to the server's clock) stays meaningful.
  private final LocalDate today = LocalDate.now(TOKYO);
  private final Instant midnight = today.plusDays(1).atStartOfDay(TOKYO).toInstant();
  private final TestClock clock = new TestClock(midnight.minusSeconds(90));
  private final RedisTenantBudgets budgets =
      RedisTenantBudgets.builder(jedis).keyPrefix(prefix).clock(clock).build();

  @AfterEach
  void closeClient() {
    jedis.close();
  }

  @Test
  @DisplayName("a daily quota refuses once spent and resets at midnight in the tenant's zone")
  void dailyQuotaResetsAtTheTenantsMidnight() {
    TenantBudget budget = TenantBudget.daily("acme", ChannelType.SMS, 3, TOKYO);

    assertThat(budgets.tryConsume(budget, 2)).isEqualTo(new BudgetDecision(true, 2, 1, midnight));
    assertThat(budgets.tryConsume(budget, 2))
        .as("does not fit: nothing counted")
        .isEqualTo(new BudgetDecision(false, 2, 1, midnight));
    assertThat(budgets.tryConsume(budget, 1).allowed()).isTrue();
    assertThat(budgets.tryConsume(budget, 1)).isEqualTo(new BudgetDecision(false, 3, 0, midnight));

    clock.set(midnight.minusMillis(1));
    assertThat(budgets.status(budget).allowed()).isFalse();
    clock.set(midnight);
    assertThat(budgets.status(budget))
        .isEqualTo(new BudgetDecision(true, 0, 3, midnight.plus(Duration.ofDays(1))));
    assertThat(budgets.tryConsume(budget, 3).allowed()).isTrue();
  }

  @Test
  @DisplayName("a monthly quota counts until the first of the next month in the tenant's zone")
  void monthlyQuotaResetsOnTheFirst() {
    TenantBudget budget = TenantBudget.monthly("acme", ChannelType.EMAIL, 2, TOKYO);
    Instant nextMonth = today.withDayOfMonth(1).plusMonths(1).atStartOfDay(TOKYO).toInstant();

    assertThat(budgets.tryConsume(budget, 2).resetsAt()).isEqualTo(nextMonth);
    clock.set(midnight.plusSeconds(5));
    if (midnight.isBefore(nextMonth)) {
      assertThat(budgets.tryConsume(budget, 1).allowed())
          .as("a new day is not a new month")
          .isFalse();
    }
    clock.set(nextMonth);
    assertThat(budgets.tryConsume(budget, 2).allowed()).isTrue();
  }

  @Test
  @DisplayName("8 concurrent callers never count past the quota")
  void concurrentCallersStopExactlyAtTheQuota() throws Exception {
    TenantBudget budget = TenantBudget.daily("acme", ChannelType.PUSH, 150, TOKYO);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> callers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        callers.add(
            () -> {
              int won = 0;
              for (int j = 0; j < 30; j++) {
                won += budgets.tryConsume(budget, 1).allowed() ? 1 : 0;
              }
              return won;
            });
      }
      int total = 0;
      for (Future<Integer> f : pool.invokeAll(callers)) {
        total += f.get();
      }
      assertThat(total).isEqualTo(150);
      assertThat(budgets.status(budget).used()).isEqualTo(150);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("each counter expires a day after its period ends")
  void countersExpire() {
    budgets.tryConsume(TenantBudget.daily("acme", ChannelType.SMS, 5, TOKYO), 1);

    var keys = jedis.keys(prefix + "*");
    assertThat(keys).containsExactly(prefix + "acme:sms:d:" + today);
    long expected = Duration.ofSeconds(90).plus(Duration.ofDays(1)).toMillis();
    assertThat(jedis.pttl(prefix + "acme:sms:d:" + today)).isBetween(expected - 5_000, expected);
  }

  @Test
  @DisplayName("bad input is rejected with the field named")
  void rejectsBadInput() {
    TenantBudget budget = TenantBudget.daily("acme", ChannelType.SMS, 1, TOKYO);

    assertThatThrownBy(() -> budgets.tryConsume(budget, 0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("amount: must be at least 1, was 0");
    assertThatThrownBy(() -> budgets.status(null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("budget: must not be null");
    assertThat(jedis.keys(prefix + "*")).isEmpty();
  }
}
