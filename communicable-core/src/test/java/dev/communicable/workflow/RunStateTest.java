package dev.communicable.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import org.junit.jupiter.api.Test;

class RunStateTest {

  @Test
  void active_states_move_anywhere_and_final_states_nowhere() {
    for (RunState from : RunState.values()) {
      for (RunState to : RunState.values()) {
        assertThat(from.canMoveTo(to)).isEqualTo(from.isActive());
      }
    }
    assertThat(EnumSet.allOf(RunState.class).stream().filter(RunState::isActive))
        .containsExactly(RunState.RUNNING, RunState.WAITING);
  }

  @Test
  void an_illegal_move_throws_naming_both_states() {
    assertThatThrownBy(() -> RunState.MERGED.moveTo(RunState.WAITING))
        .isInstanceOf(IllegalRunTransitionException.class)
        .hasMessage("state: a workflow run in state MERGED cannot move to WAITING")
        .satisfies(
            e -> {
              IllegalRunTransitionException t = (IllegalRunTransitionException) e;
              assertThat(t.from()).isEqualTo(RunState.MERGED);
              assertThat(t.to()).isEqualTo(RunState.WAITING);
            });
  }
}
