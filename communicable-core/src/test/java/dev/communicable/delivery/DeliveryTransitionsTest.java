package dev.communicable.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.spi.Lease;
import dev.communicable.spi.StoredDelivery;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeliveryTransitionsTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final Instant T1 = T0.plusSeconds(5);

  static Stream<Arguments> everyStateAndEvent() {
    List<Arguments> pairs = new ArrayList<>();
    for (DeliveryState s : DeliveryState.values()) {
      for (DeliveryEvent e : DeliveryEvent.values()) {
        pairs.add(Arguments.of(s, e));
      }
    }
    return pairs.stream();
  }

  @ParameterizedTest(name = "{0} + {1}")
  @MethodSource("everyStateAndEvent")
  @DisplayName("every (state, event) pair has its documented target or throws")
  void every_pair_has_its_documented_target_or_throws(DeliveryState from, DeliveryEvent event) {
    Optional<DeliveryState> documented = DocumentedTransitions.target(from, event);
    Delivery before = DispatcherModel.queued(T0).toBuilder().state(from).build();
    StoredDelivery stored =
        new StoredDelivery(
            before,
            7,
            from == DeliveryState.SENDING ? new Lease("worker-1", T0.plusSeconds(30)) : null,
            0);

    if (documented.isPresent()) {
      DeliveryState to = documented.get();
      assertThat(DeliveryTransitions.next(from, event)).isEqualTo(to);
      assertThat(DeliveryTransitions.find(from, event)).contains(to);
      assertThat(DeliveryTransitions.allows(from, event)).isTrue();
      Delivery after = before.apply(event, T1);
      assertThat(after.state()).isEqualTo(to);
      assertThat(after.updatedAt()).isEqualTo(T1);
      assertThat(after.attempts()).isEqualTo(before.attempts());
      assertThat(after).isEqualTo(before.toBuilder().state(to).updatedAt(T1).build());
      StoredDelivery written = stored.next(after);
      assertThat(written.version()).as("as a store writes it").isEqualTo(8);
      if (to == DeliveryState.SENDING) {
        assertThat(written.lease()).isEqualTo(stored.lease());
      } else {
        assertThat(written.lease()).isNull();
      }
    } else {
      assertThat(DeliveryTransitions.allows(from, event)).isFalse();
      assertThat(DeliveryTransitions.find(from, event)).isEmpty();
      assertThatThrownBy(() -> DeliveryTransitions.next(from, event))
          .isInstanceOfSatisfying(
              IllegalTransitionException.class,
              ex -> {
                assertThat(ex.from()).isEqualTo(from);
                assertThat(ex.event()).isEqualTo(event);
                assertThat(ex.getMessage()).contains(from.name()).contains(event.name());
              });
      assertThatThrownBy(() -> before.apply(event, T1))
          .isInstanceOf(IllegalTransitionException.class);
    }
  }

  @Test
  void the_table_has_exactly_the_documented_moves() {
    int legal = 0;
    for (DeliveryState s : DeliveryState.values()) {
      for (DeliveryEvent e : DeliveryEvent.values()) {
        if (DeliveryTransitions.allows(s, e)) {
          legal++;
        }
      }
    }
    assertThat(legal).isEqualTo(DocumentedTransitions.legalPairs()).isEqualTo(19);
  }

  @Test
  void only_queued_and_sending_are_not_terminal() {
    for (DeliveryState s : DeliveryState.values()) {
      assertThat(s.isTerminal())
          .as(s.name())
          .isEqualTo(s != DeliveryState.QUEUED && s != DeliveryState.SENDING);
    }
  }

  @Test
  void success_means_the_provider_took_it() {
    assertThat(EnumSet.allOf(DeliveryState.class).stream().filter(DeliveryState::isSuccess))
        .containsExactlyInAnyOrder(DeliveryState.SENT, DeliveryState.DELIVERED, DeliveryState.READ);
  }

  @Test
  void terminal_states_leave_only_by_receipts_or_replay() {
    for (DeliveryState s : DeliveryState.values()) {
      if (!s.isTerminal()) {
        continue;
      }
      for (DeliveryEvent e : DeliveryEvent.values()) {
        if (DeliveryTransitions.allows(s, e)) {
          assertThat(e)
              .as("%s leaves terminal state %s", e, s)
              .isIn(
                  DeliveryEvent.DELIVERED,
                  DeliveryEvent.READ,
                  DeliveryEvent.UNDELIVERED,
                  DeliveryEvent.REPLAY);
          assertThat(DeliveryTransitions.next(s, e))
              .as("a receipt or replay never goes back into the dispatcher except by replay")
              .isIn(
                  DeliveryState.DELIVERED,
                  DeliveryState.READ,
                  DeliveryState.FAILED,
                  DeliveryState.QUEUED);
        }
      }
    }
  }

  @Test
  void read_and_delivered_are_reachable_only_through_sent() {
    for (DeliveryState s : DeliveryState.values()) {
      for (DeliveryEvent e : DeliveryEvent.values()) {
        Optional<DeliveryState> to = DeliveryTransitions.find(s, e);
        if (to.isPresent() && to.get().isSuccess() && to.get() != s) {
          assertThat(s)
              .as("%s reached by %s", to.get(), e)
              .isIn(DeliveryState.SENDING, DeliveryState.SENT, DeliveryState.DELIVERED);
          if (s == DeliveryState.SENDING) {
            assertThat(to.get()).isEqualTo(DeliveryState.SENT);
          }
        }
      }
    }
  }

  @Test
  @DisplayName("an undelivered report fails a sent or delivered message, never a read one")
  void undelivered_fails_what_the_provider_took_but_not_what_was_read() {
    assertThat(DeliveryTransitions.find(DeliveryState.SENT, DeliveryEvent.UNDELIVERED))
        .contains(DeliveryState.FAILED);
    assertThat(DeliveryTransitions.find(DeliveryState.DELIVERED, DeliveryEvent.UNDELIVERED))
        .contains(DeliveryState.FAILED);
    for (DeliveryState s : DeliveryState.values()) {
      if (s != DeliveryState.SENT && s != DeliveryState.DELIVERED) {
        assertThat(DeliveryTransitions.allows(s, DeliveryEvent.UNDELIVERED)).as(s.name()).isFalse();
      }
    }
  }

  @Test
  void every_state_is_reachable_from_queued() {
    Set<DeliveryState> seen = EnumSet.of(DeliveryState.QUEUED);
    Deque<DeliveryState> todo = new ArrayDeque<>(seen);
    while (!todo.isEmpty()) {
      DeliveryState s = todo.pop();
      for (DeliveryEvent e : DeliveryEvent.values()) {
        DeliveryTransitions.find(s, e).filter(seen::add).ifPresent(todo::push);
      }
    }
    assertThat(seen).containsExactlyInAnyOrder(DeliveryState.values());
  }
}
