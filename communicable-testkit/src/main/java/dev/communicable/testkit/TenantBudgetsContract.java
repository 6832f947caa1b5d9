package dev.communicable.testkit;

import static dev.communicable.testkit.Checks.rejectsField;
import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.channel.ChannelType;
import dev.communicable.memory.SettableClock;
import dev.communicable.spi.BudgetDecision;
import dev.communicable.spi.TenantBudget;
import dev.communicable.spi.TenantBudgets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of {@link TenantBudgets}: all-or-nothing counting against a quota, calendar periods
 * in the tenant's own time zone, exact counts under contention. Extend it and implement {@link
 * #createBudgets(Clock)}, building your budgets on the clock it gives:
 *
 * <pre>{@code
 * class RedisTenantBudgetsContractTest extends TenantBudgetsContract {
 *   protected TenantBudgets createBudgets(Clock clock) {
 *     return RedisTenantBudgets.builder(jedis).keyPrefix(uniquePrefix()).clock(clock).build();
 *   }
 * }
 * }</pre>
 *
 * <p>The contract moves that clock to cross midnight and month ends, starting two minutes before
 * midnight of 2026-03-14 in Tokyo. Each test counts for a tenant id of its own, so one shared
 * backend (a Redis server) may serve all tests and other users at once.
 */
public abstract class TenantBudgetsContract {
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  private static final Instant MIDNIGHT =
      LocalDateTime.of(2026, 3, 15, 0, 0).atZone(TOKYO).toInstant();
  private static final Instant APRIL = LocalDateTime.of(2026, 4, 1, 0, 0).atZone(TOKYO).toInstant();

  /** The budgets under test, made fresh for each test. */
  protected TenantBudgets budgets;

  /** The clock the budgets read their periods from; the contract moves it. */
  protected final SettableClock clock = SettableClock.of(MIDNIGHT.minus(Duration.ofMinutes(2)));

  private String tenant;

  /** The budgets to test, reading the current day and month from {@code clock}. */
  protected abstract TenantBudgets createBudgets(Clock clock);

  /** Releases the budgets after each test. The default does nothing. */
  protected void closeBudgets(TenantBudgets budgets) throws Exception {}

  @BeforeEach
  final void setUpBudgets() {
    budgets = createBudgets(clock);
    tenant = TestData.tenant();
  }

  @AfterEach
  final void tearDownBudgets() throws Exception {
    closeBudgets(budgets);
  }

  private TenantBudget daily(ChannelType channel, long quota) {
    return TenantBudget.daily(tenant, channel, quota, TOKYO);
  }

  private TenantBudget monthly(ChannelType channel, long quota) {
    return TenantBudget.monthly(tenant, channel, quota, TOKYO);
  }

  @Nested
  @DisplayName("tryConsume")
  class TryConsume {

    @Test
    void counts_sends_up_to_the_quota_then_refuses_without_counting() {
      TenantBudget budget = daily(ChannelType.SMS, 3);

      assertThat(budgets.tryConsume(budget, 2)).isEqualTo(new BudgetDecision(true, 2, 1, MIDNIGHT));
      assertThat(budgets.tryConsume(budget, 2))
          .as("two more do not fit: nothing is counted")
          .isEqualTo(new BudgetDecision(false, 2, 1, MIDNIGHT));
      assertThat(budgets.tryConsume(budget, 1)).isEqualTo(new BudgetDecision(true, 3, 0, MIDNIGHT));
      assertThat(budgets.tryConsume(budget, 1))
          .isEqualTo(new BudgetDecision(false, 3, 0, MIDNIGHT));
    }

    @Test
    void a_quota_of_zero_allows_nothing() {
      assertThat(budgets.tryConsume(daily(ChannelType.SMS, 0), 1))
          .isEqualTo(new BudgetDecision(false, 0, 0, MIDNIGHT));
    }

    @Test
    void an_amount_beyond_any_quota_is_refused_and_counts_nothing() {
      TenantBudget budget = daily(ChannelType.SMS, 10);
      budgets.tryConsume(budget, 4);

      assertThat(budgets.tryConsume(budget, Long.MAX_VALUE))
          .isEqualTo(new BudgetDecision(false, 4, 6, MIDNIGHT));
      assertThat(budgets.tryConsume(budget, 6).allowed()).isTrue();
    }

    @Test
    void tenants_channels_and_periods_are_counted_apart() {
      budgets.tryConsume(daily(ChannelType.SMS, 1), 1);

      TenantBudget otherTenant = TenantBudget.daily(TestData.tenant(), ChannelType.SMS, 1, TOKYO);
      assertThat(budgets.tryConsume(otherTenant, 1).allowed()).isTrue();
      assertThat(budgets.tryConsume(daily(ChannelType.EMAIL, 1), 1).allowed()).isTrue();
      assertThat(budgets.tryConsume(monthly(ChannelType.SMS, 1), 1).allowed()).isTrue();
      assertThat(budgets.tryConsume(daily(ChannelType.SMS, 1), 1).allowed())
          .as("the first budget is still spent")
          .isFalse();
    }

    @Test
    @Timeout(60)
    void concurrent_callers_never_count_past_the_quota() throws Exception {
      TenantBudget budget = daily(ChannelType.PUSH, 150);

      List<Integer> counted =
          Checks.concurrently(
              8,
              () -> {
                int won = 0;
                for (int i = 0; i < 30; i++) {
                  won += budgets.tryConsume(budget, 1).allowed() ? 1 : 0;
                }
                return won;
              });

      assertThat(counted.stream().mapToInt(Integer::intValue).sum()).isEqualTo(150);
      assertThat(budgets.status(budget).used()).isEqualTo(150);
    }
  }

  @Nested
  @DisplayName("status")
  class Status {

    @Test
    void an_unused_budget_has_its_whole_quota_left() {
      assertThat(budgets.status(daily(ChannelType.SMS, 3)))
          .isEqualTo(new BudgetDecision(true, 0, 3, MIDNIGHT));
    }

    @Test
    void reads_what_the_period_used_and_counts_nothing() {
      TenantBudget budget = daily(ChannelType.SMS, 3);
      budgets.tryConsume(budget, 2);

      assertThat(budgets.status(budget)).isEqualTo(new BudgetDecision(true, 2, 1, MIDNIGHT));
      assertThat(budgets.status(budget)).isEqualTo(new BudgetDecision(true, 2, 1, MIDNIGHT));
      budgets.tryConsume(budget, 1);
      assertThat(budgets.status(budget)).isEqualTo(new BudgetDecision(false, 3, 0, MIDNIGHT));
    }

    @Test
    void a_lowered_quota_applies_at_once_to_what_the_period_used() {
      budgets.tryConsume(daily(ChannelType.SMS, 10), 5);

      assertThat(budgets.status(daily(ChannelType.SMS, 4)))
          .isEqualTo(new BudgetDecision(false, 5, 0, MIDNIGHT));
      assertThat(budgets.tryConsume(daily(ChannelType.SMS, 4), 1).allowed()).isFalse();
      assertThat(budgets.tryConsume(daily(ChannelType.SMS, 6), 1).allowed())
          .as("a raised quota makes room again")
          .isTrue();
    }
  }

  @Nested
  @DisplayName("periods")
  class Periods {

    @Test
    void a_daily_quota_resets_at_midnight_in_the_tenants_zone() {
      TenantBudget budget = daily(ChannelType.SMS, 3);
      budgets.tryConsume(budget, 3);

      clock.set(MIDNIGHT.minusMillis(1));
      assertThat(budgets.status(budget)).isEqualTo(new BudgetDecision(false, 3, 0, MIDNIGHT));
      assertThat(budgets.tryConsume(budget, 1).allowed()).isFalse();

      clock.set(MIDNIGHT);
      Instant nextMidnight = MIDNIGHT.plus(Duration.ofDays(1));
      assertThat(budgets.status(budget)).isEqualTo(new BudgetDecision(true, 0, 3, nextMidnight));
      assertThat(budgets.tryConsume(budget, 3))
          .isEqualTo(new BudgetDecision(true, 3, 0, nextMidnight));
    }

    @Test
    void a_monthly_quota_counts_across_days_and_resets_on_the_first_of_the_month() {
      TenantBudget budget = monthly(ChannelType.EMAIL, 2);

      assertThat(budgets.tryConsume(budget, 2).resetsAt()).isEqualTo(APRIL);
      clock.set(MIDNIGHT.plusSeconds(5));
      assertThat(budgets.tryConsume(budget, 1).allowed())
          .as("a new day is not a new month")
          .isFalse();
      clock.set(APRIL.minusSeconds(1));
      assertThat(budgets.tryConsume(budget, 1).allowed()).isFalse();

      clock.set(APRIL);
      assertThat(budgets.tryConsume(budget, 2))
          .isEqualTo(
              new BudgetDecision(
                  true, 2, 0, LocalDateTime.of(2026, 5, 1, 0, 0).atZone(TOKYO).toInstant()));
    }

    @Test
    void the_period_follows_the_tenants_zone_not_utc() {
      ZoneId honolulu = ZoneId.of("Pacific/Honolulu");
      TenantBudget tokyo = daily(ChannelType.SMS, 1);
      TenantBudget hawaii = TenantBudget.daily(tenant, ChannelType.WEBHOOK, 1, honolulu);
      budgets.tryConsume(tokyo, 1);
      budgets.tryConsume(hawaii, 1);

      clock.set(MIDNIGHT);

      assertThat(budgets.status(tokyo).used()).as("a new day in Tokyo").isZero();
      assertThat(budgets.status(hawaii))
          .as("still the same afternoon in Honolulu")
          .isEqualTo(
              new BudgetDecision(
                  false, 1, 0, LocalDateTime.of(2026, 3, 15, 0, 0).atZone(honolulu).toInstant()));
    }
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {

    @Test
    void arguments_are_checked_name_the_field_and_count_nothing() {
      TenantBudget budget = daily(ChannelType.SMS, 5);

      rejectsField(() -> budgets.tryConsume(budget, 0), "amount");
      rejectsField(() -> budgets.tryConsume(budget, -1), "amount");
      rejectsField(() -> budgets.tryConsume(null, 1), "budget");
      rejectsField(() -> budgets.status(null), "budget");
      assertThat(budgets.status(budget).used()).as("nothing was counted").isZero();
    }
  }
}
