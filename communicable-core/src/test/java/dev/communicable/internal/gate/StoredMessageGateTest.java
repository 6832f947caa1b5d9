package dev.communicable.internal.gate;

import static dev.communicable.internal.gate.TestCandidates.ANN;
import static dev.communicable.internal.gate.TestCandidates.T0;
import static dev.communicable.internal.gate.TestCandidates.candidate;
import static dev.communicable.internal.gate.TestCandidates.claimed;
import static dev.communicable.internal.gate.TestCandidates.message;
import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The stored-message gate")
class StoredMessageGateTest {
  private final StoredMessageGate gate = new StoredMessageGate();

  @Test
  void lets_a_delivery_whose_message_names_its_recipient_proceed() {
    Candidate c = candidate(claimed(), T0).message(() -> Optional.of(message("sam", ANN))).build();

    assertThat(gate.check(c)).isEqualTo(GateDecision.proceed());
    assertThat(c.recipient()).isEqualTo(ANN);
  }

  @Test
  void rejects_a_delivery_whose_message_is_gone() {
    Candidate c = candidate(claimed(), T0).message(Optional::empty).build();

    assertThat(gate.check(c))
        .isEqualTo(GateDecision.reject("its message or recipient is not stored"));
  }

  @Test
  void rejects_a_delivery_whose_recipient_is_no_longer_in_its_message() {
    Recipient bob =
        new Recipient(
            "bob", "acme", Map.of(ChannelType.EMAIL, "b@x.test"), Locale.ROOT, ZoneOffset.UTC);
    Candidate c = candidate(claimed(), T0).message(() -> Optional.of(message("sam", bob))).build();

    assertThat(gate.check(c)).isInstanceOf(GateDecision.Reject.class);
  }
}
