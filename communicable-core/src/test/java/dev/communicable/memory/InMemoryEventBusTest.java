package dev.communicable.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.spi.CommunicationEvent;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What only the in-memory bus does: its bounded queue and its dropped count. What every bus does is
 * the testkit's EventBusContract, run by InMemoryEventBusContractTest.
 */
class InMemoryEventBusTest {
  private static CommunicationEvent event(String id) {
    return new CommunicationEvent(
        CommunicationEvent.INBOX_ITEM_ADDED, "acme", Map.of("deliveryId", id), Instant.EPOCH);
  }

  @Test
  void publish_does_not_wait_for_a_blocked_listener_and_drops_beyond_capacity() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch entered = new CountDownLatch(1);
    try (InMemoryEventBus bus = new InMemoryEventBus(2)) {
      bus.subscribe(
          e -> {
            entered.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
              Thread.currentThread().interrupt();
            }
          });
      bus.publish(event("held"));
      assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
      for (int i = 0; i < 5; i++) {
        bus.publish(event("e" + i)); // returns at once although the listener is stuck
      }
      assertThat(bus.dropped()).isEqualTo(3);
      release.countDown();
    }
  }

  @Test
  void close_stops_the_thread_and_counts_later_events_as_dropped() {
    InMemoryEventBus bus = new InMemoryEventBus();

    bus.close();
    bus.publish(event("late"));

    assertThat(bus.isRunning()).isFalse();
    assertThat(bus.dropped()).isEqualTo(1);
  }

  @Test
  void a_capacity_below_one_is_refused() {
    assertThatThrownBy(() -> new InMemoryEventBus(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("capacity must be at least 1, was 0");
  }
}
