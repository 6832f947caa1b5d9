package dev.communicable.engine;

import static dev.communicable.delivery.DeliveryState.QUEUED;
import static dev.communicable.delivery.DeliveryState.SENT;
import static dev.communicable.engine.EngineFixture.T0;
import static dev.communicable.engine.EngineFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.Notification;
import dev.communicable.Priority;
import dev.communicable.Receipt;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.StateChange;
import dev.communicable.memory.InMemoryTenantBudgets;
import dev.communicable.memory.SettableClock;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.policy.Throttle;
import dev.communicable.spi.BudgetDecision;
import dev.communicable.spi.BudgetRules;
import dev.communicable.spi.TenantBudget;
import dev.communicable.spi.TenantBudgets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Tenant budgets")
class BudgetTest {
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  /** 2026-03-02T12:00Z is 21:00 in Tokyo; the tenant's day ends at 15:00Z. */
  private static final Instant TOKYO_MIDNIGHT = Instant.parse("2026-03-02T15:00:00Z");

  private static final TenantBudget THREE_EMAILS_A_DAY =
      TenantBudget.daily(TENANT, ChannelType.EMAIL, 3, TOKYO);

  private static List<Notification> hellos(int count, Priority priority, String prefix) {
    List<Notification> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(
          Notification.event("hello")
              .to(EngineFixture.user(prefix + i, prefix + i + "@example.com", null))
              .content(Content.text("Hello"))
              .priority(priority)
              .build());
    }
    return out;
  }

  private static List<Delivery> emails(EngineFixture f, List<Receipt> receipts) {
    return receipts.stream().map(r -> f.only(r, ChannelType.EMAIL)).toList();
  }

  @Test
  void
      a_daily_budget_of_three_lets_three_through_and_holds_the_fourth_until_the_tenants_midnight() {
    SettableClock clock = SettableClock.of(T0);
    InMemoryTenantBudgets ledger = InMemoryTenantBudgets.create(clock);
    try (EngineFixture f =
        new EngineFixture(
            clock, b -> b.budgets(ledger, BudgetRules.of(List.of(THREE_EMAILS_A_DAY))))) {
      List<Receipt> receipts = f.comms.sendAll(hellos(4, Priority.NORMAL, "u"));

      assertThat(f.comms.dispatchDue()).isEqualTo(4);

      List<Delivery> after = emails(f, receipts);
      assertThat(after).filteredOn(d -> d.state() == SENT).hasSize(3);
      Delivery held = after.stream().filter(d -> d.state() == QUEUED).findFirst().orElseThrow();
      assertThat(held.attempts()).as("held, not failed").isZero();
      assertThat(held.scheduledAt()).isEqualTo(TOKYO_MIDNIGHT);
      assertThat(f.email.sent()).hasSize(3);
      Receipt heldReceipt = receipts.get(after.indexOf(held));
      assertThat(f.comms.timeline(heldReceipt))
          .extracting(StateChange::detail)
          .contains("budget of 3 per day on email exhausted, resumes at 2026-03-03T00:00+09:00");

      clock.set(TOKYO_MIDNIGHT.minusSeconds(1));
      assertThat(f.comms.dispatchDue()).as("not before midnight in Tokyo").isZero();

      clock.set(TOKYO_MIDNIGHT);
      assertThat(f.comms.dispatchDue()).isEqualTo(1);
      assertThat(emails(f, receipts)).allMatch(d -> d.state() == SENT);
      assertThat(f.email.sent()).hasSize(4);
      assertThat(ledger.status(THREE_EMAILS_A_DAY).used()).as("the new day's count").isEqualTo(1);
    }
  }

  @Test
  void other_tenants_and_channels_are_not_capped() {
    SettableClock clock = SettableClock.of(T0);
    try (EngineFixture f =
        new EngineFixture(
            clock,
            b ->
                b.budgets(
                    InMemoryTenantBudgets.create(clock),
                    BudgetRules.of(
                        List.of(TenantBudget.daily(TENANT, ChannelType.SMS, 0, TOKYO)))))) {
      List<Receipt> receipts = f.comms.sendAll(hellos(5, Priority.NORMAL, "u"));
      f.comms.dispatchDue();
      assertThat(emails(f, receipts)).allMatch(d -> d.state() == SENT);
    }
  }

  @Test
  void critical_messages_are_never_held_and_a_spent_budget_takes_no_throttle_slot() {
    SettableClock clock = SettableClock.of(T0);
    InMemoryTenantBudgets ledger = InMemoryTenantBudgets.create(clock);
    DeliveryPolicy fourAnHour =
        DeliveryPolicy.builder()
            .throttle(Throttle.perTenant(ChannelType.EMAIL, 4, Duration.ofHours(1)))
            .build();
    try (EngineFixture f =
        new EngineFixture(
            clock,
            b ->
                b.policy(fourAnHour)
                    .budgets(ledger, BudgetRules.of(List.of(THREE_EMAILS_A_DAY))))) {
      List<Receipt> normal = f.comms.sendAll(hellos(4, Priority.NORMAL, "n"));
      f.comms.dispatchDue();
      assertThat(emails(f, normal)).filteredOn(d -> d.state() == SENT).hasSize(3);

      // the fourth throttle slot is still free: the held send did not take it
      List<Receipt> critical = f.comms.sendAll(hellos(2, Priority.CRITICAL, "c"));
      f.comms.dispatchDue();

      List<Delivery> urgent = emails(f, critical);
      assertThat(urgent).filteredOn(d -> d.state() == SENT).hasSize(1);
      Delivery throttled = urgent.stream().filter(d -> d.state() == QUEUED).findFirst().get();
      assertThat(f.comms.timeline(critical.get(urgent.indexOf(throttled))))
          .extracting(StateChange::detail)
          .anySatisfy(d -> assertThat(d).startsWith("throttled until"));
      assertThat(ledger.status(THREE_EMAILS_A_DAY).used())
          .as("a critical send over budget is sent, not counted past the quota")
          .isEqualTo(3);
    }
  }

  @Test
  void a_budget_spent_by_another_node_between_the_check_and_the_count_still_holds_the_send() {
    SettableClock clock = SettableClock.of(T0);
    InMemoryTenantBudgets real = InMemoryTenantBudgets.create(clock);
    TenantBudgets seesRoomButIsSpent =
        new TenantBudgets() {
          @Override
          public BudgetDecision tryConsume(TenantBudget budget, long amount) {
            return real.tryConsume(budget, amount);
          }

          @Override
          public BudgetDecision status(TenantBudget budget) {
            return new BudgetDecision(true, 0, budget.quota(), budget.resetsAt(clock.instant()));
          }
        };
    TenantBudget one = TenantBudget.daily(TENANT, ChannelType.EMAIL, 1, TOKYO);
    try (EngineFixture f =
        new EngineFixture(
            clock, b -> b.budgets(seesRoomButIsSpent, BudgetRules.of(List.of(one))))) {
      real.tryConsume(one, 1); // another node used the last unit
      List<Receipt> receipts = f.comms.sendAll(hellos(1, Priority.NORMAL, "u"));

      f.comms.dispatchDue();

      Delivery held = emails(f, receipts).get(0);
      assertThat(held.state()).isEqualTo(QUEUED);
      assertThat(held.scheduledAt()).isEqualTo(TOKYO_MIDNIGHT);
      assertThat(f.email.sent()).isEmpty();
    }
  }

  @Test
  void budgets_need_a_ledger_and_rules_and_rules_at_most_one_budget_per_tenant_and_channel() {
    SettableClock clock = SettableClock.of(T0);
    assertThatThrownBy(() -> Communication.builder().budgets(null, BudgetRules.none()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("ledger:");
    assertThatThrownBy(
            () -> Communication.builder().budgets(InMemoryTenantBudgets.create(clock), null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("rules:");
    assertThatThrownBy(
            () ->
                BudgetRules.of(
                    List.of(
                        THREE_EMAILS_A_DAY,
                        TenantBudget.monthly(TENANT, ChannelType.EMAIL, 9, TOKYO))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("budgets[1]")
        .hasMessageContaining("a second budget for tenant 'acme' on");
  }
}
