package dev.communicable.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelType;
import dev.communicable.spi.BudgetDecision;
import dev.communicable.spi.TenantBudget;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class InMemoryTenantBudgetsTest {
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  private final AtomicReference<Instant> now =
      new AtomicReference<>(LocalDateTime.of(2025, 3, 14, 23, 58).atZone(TOKYO).toInstant());
  private final Clock clock =
      new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now.get();
        }
      };
  private final InMemoryTenantBudgets budgets = InMemoryTenantBudgets.create(clock);

  @Test
  @DisplayName("counts sends up to the quota, then refuses without counting, until the day resets")
  void dailyQuotaResetsAtTheTenantsMidnight() {
    TenantBudget budget = TenantBudget.daily("acme", ChannelType.SMS, 3, TOKYO);
    Instant midnight = LocalDateTime.of(2025, 3, 15, 0, 0).atZone(TOKYO).toInstant();

    assertThat(budgets.tryConsume(budget, 2)).isEqualTo(new BudgetDecision(true, 2, 1, midnight));
    assertThat(budgets.tryConsume(budget, 2))
        .as("two more do not fit: nothing is counted")
        .isEqualTo(new BudgetDecision(false, 2, 1, midnight));
    assertThat(budgets.tryConsume(budget, 1).allowed()).isTrue();
    assertThat(budgets.tryConsume(budget, 1)).isEqualTo(new BudgetDecision(false, 3, 0, midnight));

    now.set(midnight.minusMillis(1));
    assertThat(budgets.status(budget).remaining()).isZero();
    now.set(midnight);
    assertThat(budgets.status(budget))
        .isEqualTo(new BudgetDecision(true, 0, 3, midnight.plusSeconds(86_400)));
    assertThat(budgets.tryConsume(budget, 3).allowed()).isTrue();
  }

  @Test
  @DisplayName("a monthly quota resets on the first of the month in the tenant's zone")
  void monthlyQuotaResetsOnTheFirst() {
    TenantBudget budget = TenantBudget.monthly("acme", ChannelType.EMAIL, 1, TOKYO);
    Instant april = LocalDateTime.of(2025, 4, 1, 0, 0).atZone(TOKYO).toInstant();

    assertThat(budgets.tryConsume(budget, 1).resetsAt()).isEqualTo(april);
    assertThat(budgets.tryConsume(budget, 1).allowed()).isFalse();
    now.set(april.minusSeconds(1));
    assertThat(budgets.tryConsume(budget, 1).allowed()).isFalse();
    now.set(april);
    assertThat(budgets.tryConsume(budget, 1).allowed()).isTrue();
  }

  @Test
  @DisplayName("tenants, channels and periods are counted apart")
  void countsAreKeptApart() {
    budgets.tryConsume(TenantBudget.daily("acme", ChannelType.SMS, 1, TOKYO), 1);

    assertThat(budgets.tryConsume(TenantBudget.daily("globex", ChannelType.SMS, 1, TOKYO), 1))
        .extracting(BudgetDecision::allowed)
        .isEqualTo(true);
    assertThat(budgets.tryConsume(TenantBudget.daily("acme", ChannelType.EMAIL, 1, TOKYO), 1))
        .extracting(BudgetDecision::allowed)
        .isEqualTo(true);
    assertThat(budgets.tryConsume(TenantBudget.monthly("acme", ChannelType.SMS, 1, TOKYO), 1))
        .extracting(BudgetDecision::allowed)
        .isEqualTo(true);
  }

  @Test
  @DisplayName("a lowered quota applies at once to what the period already used")
  void loweredQuotaAppliesAtOnce() {
    budgets.tryConsume(TenantBudget.daily("acme", ChannelType.SMS, 10, TOKYO), 5);

    BudgetDecision lowered = budgets.status(TenantBudget.daily("acme", ChannelType.SMS, 4, TOKYO));

    assertThat(lowered.allowed()).isFalse();
    assertThat(lowered.used()).isEqualTo(5);
    assertThat(lowered.remaining()).isZero();
  }

  @Test
  @DisplayName("concurrent callers never count past the quota")
  void concurrentCallersStopExactlyAtTheQuota() throws Exception {
    TenantBudget budget = TenantBudget.daily("acme", ChannelType.PUSH, 500, TOKYO);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> callers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        callers.add(
            () -> {
              int won = 0;
              for (int j = 0; j < 200; j++) {
                won += budgets.tryConsume(budget, 1).allowed() ? 1 : 0;
              }
              return won;
            });
      }
      int total = 0;
      for (Future<Integer> f : pool.invokeAll(callers)) {
        total += f.get();
      }
      assertThat(total).isEqualTo(500);
      assertThat(budgets.status(budget).used()).isEqualTo(500);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("bad input is rejected with the field named")
  void rejectsBadInput() {
    TenantBudget budget = TenantBudget.daily("acme", ChannelType.SMS, 1, TOKYO);

    assertThatThrownBy(() -> budgets.tryConsume(budget, 0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("amount: must be at least 1, was 0");
    assertThatThrownBy(() -> budgets.tryConsume(null, 1))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("budget: must not be null");
    assertThatThrownBy(() -> TenantBudget.daily("acme", ChannelType.SMS, -1, TOKYO))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("budget.quota: must not be negative, was -1");
    assertThatThrownBy(() -> TenantBudget.daily(" ", ChannelType.SMS, 1, TOKYO))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("budget.tenantId: must not be null or blank");
    assertThatThrownBy(() -> TenantBudget.monthly("acme", ChannelType.SMS, 1, null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("budget.zone: must not be null");
  }
}
