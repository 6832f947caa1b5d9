package dev.communicable.internal.gate;

import static dev.communicable.internal.gate.TestCandidates.T0;
import static dev.communicable.internal.gate.TestCandidates.candidate;
import static dev.communicable.internal.gate.TestCandidates.delivery;
import static dev.communicable.internal.gate.TestCandidates.unread;
import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryId;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The expiry gate")
class ExpiryGateTest {
  private final ExpiryGate gate = new ExpiryGate();

  private static Delivery expiringAt(Instant at) {
    return delivery(new DeliveryId(new UUID(1, 1)), ChannelType.EMAIL, Priority.NORMAL, at, null);
  }

  private GateDecision checkAt(Delivery d, Instant now) {
    return gate.check(candidate(d, now).message(unread("the message")).build());
  }

  @Test
  void lets_a_delivery_without_expiry_proceed() {
    assertThat(checkAt(expiringAt(null), T0.plus(Duration.ofDays(365))))
        .isEqualTo(GateDecision.proceed());
  }

  @Test
  void lets_a_delivery_proceed_until_the_last_moment_before_its_expiry() {
    Instant expiry = T0.plusSeconds(60);

    assertThat(checkAt(expiringAt(expiry), expiry.minusMillis(1)).proceeds()).isTrue();
  }

  @Test
  void expires_a_delivery_from_its_expiry_on_without_reading_its_message() {
    Instant expiry = T0.plusSeconds(60);

    assertThat(checkAt(expiringAt(expiry), expiry))
        .isEqualTo(GateDecision.expire("expired at 2026-03-02T12:01:00Z"));
    assertThat(checkAt(expiringAt(expiry), expiry.plusSeconds(3600)))
        .isInstanceOf(GateDecision.Expire.class);
  }
}
