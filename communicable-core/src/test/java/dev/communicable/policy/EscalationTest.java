package dev.communicable.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelType;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class EscalationTest {
  @Test
  void holds_a_positive_wait_and_a_channel() {
    Escalation e = new Escalation(Duration.ofHours(2), ChannelType.SMS);
    assertThat(e.after()).isEqualTo(Duration.ofHours(2));
    assertThat(e.channel()).isEqualTo(ChannelType.SMS);
  }

  @Test
  void rejects_a_missing_zero_or_negative_wait() {
    for (Duration bad : new Duration[] {null, Duration.ZERO, Duration.ofMinutes(-1)}) {
      assertThatThrownBy(() -> new Escalation(bad, ChannelType.SMS))
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              ex -> assertThat(ex.field()).isEqualTo("escalation.after"));
    }
  }

  @Test
  void rejects_a_missing_channel() {
    assertThatThrownBy(() -> new Escalation(Duration.ofHours(1), null))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            ex -> assertThat(ex.field()).isEqualTo("escalation.channel"));
  }
}
