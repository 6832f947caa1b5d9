package dev.communicable.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.communicable.spi.CommunicationEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InMemoryEventBusTest {
  private static CommunicationEvent event(String id) {
    return new CommunicationEvent(
        CommunicationEvent.INBOX_ITEM_ADDED, "acme", Map.of("deliveryId", id), Instant.EPOCH);
  }

  @Test
  void every_listener_gets_every_event_even_when_another_throws() {
    try (InMemoryEventBus bus = new InMemoryEventBus()) {
      List<String> seen = new CopyOnWriteArrayList<>();
      bus.subscribe(
          e -> {
            throw new IllegalStateException("boom");
          });
      bus.subscribe(e -> seen.add(e.attributes().get("deliveryId")));
      bus.publish(event("1"));
      bus.publish(event("2"));
      await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 2);
      assertThat(seen).containsExactly("1", "2");
    }
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
  void a_closed_subscription_gets_nothing_more_and_close_stops_the_thread() throws Exception {
    InMemoryEventBus bus = new InMemoryEventBus();
    List<String> first = new CopyOnWriteArrayList<>();
    List<String> second = new CopyOnWriteArrayList<>();
    AutoCloseable sub = bus.subscribe(e -> first.add(e.type()));
    bus.subscribe(e -> second.add(e.type()));
    sub.close();
    bus.publish(event("1"));
    await().atMost(Duration.ofSeconds(5)).until(() -> second.size() == 1);
    assertThat(first).isEmpty();
    bus.close();
    assertThat(bus.isRunning()).isFalse();
    bus.publish(event("late"));
    assertThat(bus.dropped()).isEqualTo(1);
  }
}
