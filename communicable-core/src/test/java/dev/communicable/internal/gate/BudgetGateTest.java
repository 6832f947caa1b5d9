package dev.communicable.internal.gate;

import static dev.communicable.internal.gate.TestCandidates.T0;
import static dev.communicable.internal.gate.TestCandidates.TENANT;
import static dev.communicable.internal.gate.TestCandidates.candidate;
import static dev.communicable.internal.gate.TestCandidates.delivery;
import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.memory.InMemoryTenantBudgets;
import dev.communicable.memory.SettableClock;
import dev.communicable.spi.BudgetRules;
import dev.communicable.spi.TenantBudget;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The tenant budget gate")
class BudgetGateTest {
  private static final TenantBudget TWO_EMAILS_A_DAY =
      TenantBudget.daily(TENANT, ChannelType.EMAIL, 2, ZoneOffset.UTC);
  private static final Instant MIDNIGHT = Instant.parse("2026-03-03T00:00:00Z");
  private static final String HELD =
      "budget of 2 per day on email exhausted, resumes at 2026-03-03T00:00Z";

  private final SettableClock clock = SettableClock.of(T0);
  private final InMemoryTenantBudgets ledger = InMemoryTenantBudgets.create(clock);
  private final AtomicInteger lookups = new AtomicInteger();
  private final BudgetRules rules = BudgetRules.of(List.of(TWO_EMAILS_A_DAY));
  private final BudgetGate gate =
      new BudgetGate(
          ledger,
          (tenantId, channel) -> {
            lookups.incrementAndGet();
            return rules.budgetFor(tenantId, channel);
          });

  private static Delivery on(ChannelType channel, Priority priority) {
    return delivery(new DeliveryId(new UUID(1, 1)), channel, priority, null, null);
  }

  private Candidate candidateFor(Delivery d) {
    return candidate(d, clock.instant()).budget(() -> gate.budgetFor(d)).build();
  }

  private void spend(int sends) {
    ledger.tryConsume(TWO_EMAILS_A_DAY, sends);
  }

  @Test
  void lets_everything_proceed_without_a_ledger() {
    BudgetGate none = new BudgetGate(null, rules);
    Delivery d = on(ChannelType.EMAIL, Priority.NORMAL);
    Candidate c = candidate(d, T0).budget(() -> none.budgetFor(d)).build();

    assertThat(none.check(c)).isEqualTo(GateDecision.proceed());
    assertThat(none.consume(c)).isEqualTo(GateDecision.proceed());
  }

  @Test
  void lets_a_delivery_on_a_channel_without_budget_proceed_uncounted() {
    Candidate c = candidateFor(on(ChannelType.SMS, Priority.NORMAL));

    assertThat(gate.check(c)).isEqualTo(GateDecision.proceed());
    assertThat(gate.consume(c)).isEqualTo(GateDecision.proceed());
    assertThat(ledger.status(TWO_EMAILS_A_DAY).used()).isZero();
  }

  @Test
  void looks_at_the_budget_without_counting_then_counts_the_send_asking_the_rules_once() {
    Candidate c = candidateFor(on(ChannelType.EMAIL, Priority.NORMAL));

    assertThat(gate.check(c)).isEqualTo(GateDecision.proceed());
    assertThat(ledger.status(TWO_EMAILS_A_DAY).used()).isZero();

    assertThat(gate.consume(c)).isEqualTo(GateDecision.proceed());
    assertThat(ledger.status(TWO_EMAILS_A_DAY).used()).isEqualTo(1);
    assertThat(lookups).hasValue(1);
  }

  @Test
  void defers_a_delivery_until_the_reset_when_the_budget_is_spent() {
    spend(2);

    assertThat(gate.check(candidateFor(on(ChannelType.EMAIL, Priority.NORMAL))))
        .isEqualTo(GateDecision.deferUntil(MIDNIGHT, HELD));
  }

  @Test
  void defers_a_send_that_lost_the_race_for_the_last_unit() {
    spend(1);
    Candidate c = candidateFor(on(ChannelType.EMAIL, Priority.NORMAL));
    assertThat(gate.check(c)).isEqualTo(GateDecision.proceed());
    spend(1); // another send took the last unit meanwhile

    assertThat(gate.consume(c)).isEqualTo(GateDecision.deferUntil(MIDNIGHT, HELD));
    assertThat(ledger.status(TWO_EMAILS_A_DAY).used()).isEqualTo(2);
  }

  @Test
  void never_holds_a_critical_send_but_counts_it_while_there_is_room() {
    Candidate first = candidateFor(on(ChannelType.EMAIL, Priority.CRITICAL));
    assertThat(gate.consume(first)).isEqualTo(GateDecision.proceed());
    assertThat(ledger.status(TWO_EMAILS_A_DAY).used()).isEqualTo(1);

    spend(1);
    Candidate overBudget = candidateFor(on(ChannelType.EMAIL, Priority.CRITICAL));
    assertThat(gate.check(overBudget)).isEqualTo(GateDecision.proceed());
    assertThat(gate.consume(overBudget)).isEqualTo(GateDecision.proceed());
  }

  @Test
  void lets_sends_through_again_once_the_period_resets() {
    spend(2);
    clock.set(MIDNIGHT);

    assertThat(gate.check(candidateFor(on(ChannelType.EMAIL, Priority.NORMAL))))
        .isEqualTo(GateDecision.proceed());
  }
}
