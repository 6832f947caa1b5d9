package dev.communicable.internal.gate;

import static dev.communicable.internal.gate.TestCandidates.ANN;
import static dev.communicable.internal.gate.TestCandidates.MESSAGE_ID;
import static dev.communicable.internal.gate.TestCandidates.T0;
import static dev.communicable.internal.gate.TestCandidates.TENANT;
import static dev.communicable.internal.gate.TestCandidates.candidate;
import static dev.communicable.internal.gate.TestCandidates.claimed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Content;
import dev.communicable.delivery.Message;
import dev.communicable.schedule.SendWindow;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Ann's zone is UTC; the gate decides at noon on Monday 2026-03-02 ({@link TestCandidates#T0}). */
@DisplayName("The send-window gate")
class SendWindowGateTest {
  private final SendWindowGate gate = new SendWindowGate();

  private static Message withWindow(SendWindow window) {
    return Message.builder()
        .id(MESSAGE_ID)
        .tenantId(TENANT)
        .event("invoice.paid")
        .content(Content.text("paid"))
        .metadata(Map.of(Message.WINDOW_KEY, window.toString()))
        .recipients(List.of(ANN))
        .createdAt(T0)
        .build();
  }

  private GateDecision check(SendWindow window) {
    return gate.check(
        candidate(claimed(), T0).message(() -> Optional.of(withWindow(window))).build());
  }

  @Test
  void lets_a_message_without_a_window_proceed() {
    assertThat(gate.check(candidate(claimed(), T0).build())).isEqualTo(GateDecision.proceed());
  }

  @Test
  void lets_a_delivery_inside_the_window_proceed() {
    assertThat(check(SendWindow.weekdays(LocalTime.of(9, 0), LocalTime.of(18, 0))))
        .isEqualTo(GateDecision.proceed());
  }

  @Test
  void defers_a_delivery_before_the_window_opens_until_it_opens_the_same_day() {
    GateDecision decision = check(SendWindow.daily(LocalTime.of(14, 0), LocalTime.of(16, 0)));

    assertThat(decision).isInstanceOf(GateDecision.Defer.class);
    assertThat(((GateDecision.Defer) decision).until())
        .isEqualTo(Instant.parse("2026-03-02T14:00:00Z"));
    assertThat(((GateDecision.Defer) decision).reason())
        .isEqualTo("outside its send window DAILY 14:00-16:00 (Z), opens at 2026-03-02T14:00:00Z");
  }

  @Test
  void defers_a_delivery_after_the_window_closed_until_its_next_day() {
    GateDecision decision =
        check(
            SendWindow.on(
                java.util.Set.of(java.time.DayOfWeek.WEDNESDAY),
                LocalTime.of(9, 0),
                LocalTime.of(10, 0)));

    assertThat(((GateDecision.Defer) decision).until())
        .isEqualTo(Instant.parse("2026-03-04T09:00:00Z"));
  }
}
