package dev.communicable.internal.gate;

import static dev.communicable.internal.gate.TestCandidates.ANN;
import static dev.communicable.internal.gate.TestCandidates.T0;
import static dev.communicable.internal.gate.TestCandidates.candidate;
import static dev.communicable.internal.gate.TestCandidates.claimed;
import static dev.communicable.internal.gate.TestCandidates.message;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.delivery.Message;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A candidate and the decisions on it")
class CandidateTest {

  @Test
  void reads_each_part_once_when_first_asked_for() {
    AtomicInteger reads = new AtomicInteger();
    Message message = message("sam", ANN);
    Candidate c =
        candidate(claimed(), T0)
            .message(
                () -> {
                  reads.incrementAndGet();
                  return Optional.of(message);
                })
            .build();
    assertThat(reads).hasValue(0);

    assertThat(c.stored()).isTrue();
    assertThat(c.message()).isEqualTo(message);
    assertThat(c.recipient()).isEqualTo(ANN);
    assertThat(reads).hasValue(1);
  }

  @Test
  void refuses_to_give_a_message_that_is_not_stored() {
    Candidate c = candidate(claimed(), T0).message(Optional::empty).build();

    assertThat(c.stored()).isFalse();
    assertThatThrownBy(c::message).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(c::recipient).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void only_proceed_lets_a_delivery_go_on() {
    assertThat(GateDecision.proceed().proceeds()).isTrue();
    assertThat(GateDecision.deferUntil(T0, "later").proceeds()).isFalse();
    assertThat(GateDecision.suppress("no").proceeds()).isFalse();
    assertThat(GateDecision.cancel("no").proceeds()).isFalse();
    assertThat(GateDecision.expire("no").proceeds()).isFalse();
    assertThat(GateDecision.reject("no").proceeds()).isFalse();
  }

  @Test
  void a_decision_names_what_is_missing() {
    assertThatThrownBy(() -> GateDecision.deferUntil((Instant) null, "later"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("until");
    assertThatThrownBy(() -> GateDecision.suppress(null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("reason");
  }
}
