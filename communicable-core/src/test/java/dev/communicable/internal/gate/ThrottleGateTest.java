package dev.communicable.internal.gate;

import static dev.communicable.internal.gate.TestCandidates.T0;
import static dev.communicable.internal.gate.TestCandidates.candidate;
import static dev.communicable.internal.gate.TestCandidates.claimed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.channel.ChannelType;
import dev.communicable.memory.InMemoryThrottler;
import dev.communicable.memory.SettableClock;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.policy.Throttle;
import dev.communicable.spi.ThrottlePermit;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The throttle gate")
class ThrottleGateTest {
  private final SettableClock clock = SettableClock.of(T0);
  private final InMemoryThrottler throttler = new InMemoryThrottler(clock);
  private final List<List<ThrottlePermit>> asked = new ArrayList<>();
  private final ThrottleGate gate =
      new ThrottleGate(
          permits -> {
            asked.add(permits);
            return throttler.tryAcquire(permits);
          });

  private static final DeliveryPolicy TWO_EMAILS_A_MINUTE =
      DeliveryPolicy.builder()
          .throttle(Throttle.perRecipient(ChannelType.EMAIL, 2, Duration.ofMinutes(1)))
          .build();

  private GateDecision check(DeliveryPolicy policy) {
    return gate.check(candidate(claimed(), clock.instant()).policy(policy).build());
  }

  @Test
  void lets_a_delivery_without_throttles_on_its_channel_proceed_without_asking_the_throttler() {
    DeliveryPolicy smsOnly =
        DeliveryPolicy.builder()
            .throttle(Throttle.perRecipient(ChannelType.SMS, 1, Duration.ofMinutes(1)))
            .build();

    assertThat(check(smsOnly)).isEqualTo(GateDecision.proceed());
    assertThat(check(DeliveryPolicy.defaults())).isEqualTo(GateDecision.proceed());
    assertThat(asked).isEmpty();
  }

  @Test
  void takes_a_slot_for_each_delivery_it_lets_through() {
    assertThat(check(TWO_EMAILS_A_MINUTE)).isEqualTo(GateDecision.proceed());
    assertThat(check(TWO_EMAILS_A_MINUTE)).isEqualTo(GateDecision.proceed());

    assertThat(check(TWO_EMAILS_A_MINUTE)).isInstanceOf(GateDecision.Defer.class);
    assertThat(asked).hasSize(3).allSatisfy(permits -> assertThat(permits).hasSize(1));
  }

  @Test
  void defers_a_delivery_over_a_throttle_until_a_slot_frees() {
    check(TWO_EMAILS_A_MINUTE);
    clock.advance(Duration.ofSeconds(20));
    check(TWO_EMAILS_A_MINUTE);
    clock.advance(Duration.ofSeconds(10));

    Instant freed = T0.plus(Duration.ofMinutes(1));
    assertThat(check(TWO_EMAILS_A_MINUTE))
        .isEqualTo(GateDecision.deferUntil(freed, "throttled until " + freed));

    clock.set(freed);
    assertThat(check(TWO_EMAILS_A_MINUTE)).isEqualTo(GateDecision.proceed());
  }
}
