package dev.communicable.testkit;

import static dev.communicable.testkit.Checks.rejectsField;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.communicable.spi.CommunicationEvent;
import dev.communicable.spi.EventBus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link EventBus} as one node sees it: a published event reaches every listener
 * subscribed on the bus, equal to what was published, whatever the other listeners do; a closed
 * subscription hears nothing more; publishing never waits for listeners. Extend it and implement
 * {@link #createEventBus()}:
 *
 * <pre>{@code
 * class RedisEventBusContractTest extends EventBusContract {
 *   protected EventBus createEventBus() {
 *     return RedisEventBus.builder(jedis).channel(uniqueChannel()).build();
 *   }
 *   protected void awaitListening(EventBus bus) {
 *     await().until(((RedisEventBus) bus)::isSubscribed);
 *   }
 * }
 * }</pre>
 *
 * <p>Each test needs a bus no other test publishes on (with Redis, a channel of its own). Delivery
 * may be asynchronous, so the contract waits for events with bounded polls, and it publishes no
 * more events than any bounded queue of a sensible size holds. Delivery across nodes is the
 * implementation's own to test.
 */
public abstract class EventBusContract {
  private static final Duration WAIT = Duration.ofSeconds(5);

  /** The bus under test, made fresh for each test. */
  protected EventBus bus;

  /** A new bus on which no other test publishes. Called once before each test. */
  protected abstract EventBus createEventBus();

  /**
   * Returns once events published from now on reach the bus's listeners. Called after {@link
   * #createEventBus()}. The default returns at once, for a bus that listens as soon as it exists.
   */
  protected void awaitListening(EventBus bus) {}

  /** Releases what the bus uses, after the contract closed the bus. The default does nothing. */
  protected void closeEventBus(EventBus bus) throws Exception {}

  @BeforeEach
  final void setUpEventBus() {
    bus = createEventBus();
    awaitListening(bus);
  }

  @AfterEach
  final void tearDownEventBus() throws Exception {
    bus.close();
    closeEventBus(bus);
  }

  private static CommunicationEvent event(String id) {
    return new CommunicationEvent(
        CommunicationEvent.INBOX_ITEM_ADDED,
        "acme",
        Map.of("recipientId", "bob", "deliveryId", id),
        Instant.parse("2026-03-01T10:00:00.123Z"));
  }

  private static List<String> ids(List<CommunicationEvent> events) {
    return events.stream().map(e -> e.attributes().get("deliveryId")).toList();
  }

  @Nested
  @DisplayName("publish")
  class Publish {

    @Test
    void an_event_reaches_a_listener_equal_to_what_was_published() {
      List<CommunicationEvent> seen = new CopyOnWriteArrayList<>();
      bus.subscribe(seen::add);
      CommunicationEvent event =
          new CommunicationEvent(
              CommunicationEvent.DELIVERY_STATE_CHANGED,
              "acme",
              Map.of("deliveryId", "d-1", "from", "SENDING", "to", "SENT"),
              Instant.parse("2026-03-01T10:00:00.123Z"));

      bus.publish(event);

      await().atMost(WAIT).until(() -> !seen.isEmpty());
      assertThat(seen).containsExactly(event);
    }

    @Test
    void every_listener_gets_every_event() {
      List<CommunicationEvent> first = new CopyOnWriteArrayList<>();
      List<CommunicationEvent> second = new CopyOnWriteArrayList<>();
      bus.subscribe(first::add);
      bus.subscribe(second::add);

      bus.publish(event("1"));
      bus.publish(event("2"));

      await().atMost(WAIT).until(() -> first.size() == 2 && second.size() == 2);
      assertThat(ids(first)).containsExactlyInAnyOrder("1", "2");
      assertThat(ids(second)).containsExactlyInAnyOrder("1", "2");
    }

    @Test
    void a_listener_that_throws_does_not_keep_the_others_from_the_event() {
      List<CommunicationEvent> seen = new CopyOnWriteArrayList<>();
      bus.subscribe(
          e -> {
            throw new IllegalStateException("listener bug");
          });
      bus.subscribe(seen::add);

      bus.publish(event("1"));
      bus.publish(event("2"));

      await().atMost(WAIT).until(() -> seen.size() == 2);
      assertThat(ids(seen)).containsExactlyInAnyOrder("1", "2");
    }

    @Test
    void returns_at_once_while_a_listener_is_blocked() throws Exception {
      CountDownLatch entered = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      bus.subscribe(
          e -> {
            entered.countDown();
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
              Thread.currentThread().interrupt();
            }
          });
      try {
        bus.publish(event("held"));
        assertThat(entered.await(WAIT.toMillis(), TimeUnit.MILLISECONDS))
            .as("the listener got the first event")
            .isTrue();

        assertTimeoutPreemptively(
            WAIT,
            () -> {
              for (int i = 0; i < 50; i++) {
                bus.publish(event("e" + i));
              }
            },
            "publish waited for the blocked listener");
      } finally {
        release.countDown();
      }
    }
  }

  @Nested
  @DisplayName("subscribe")
  class Subscribe {

    @Test
    void a_closed_subscription_hears_nothing_more_and_the_others_go_on() throws Exception {
      List<CommunicationEvent> stopped = new CopyOnWriteArrayList<>();
      List<CommunicationEvent> kept = new CopyOnWriteArrayList<>();
      AutoCloseable handle = bus.subscribe(stopped::add);
      bus.subscribe(kept::add);

      handle.close();
      bus.publish(event("1"));

      await().atMost(WAIT).until(() -> kept.size() == 1);
      assertThat(stopped).isEmpty();
    }

    @Test
    void the_same_listener_subscribed_twice_is_two_subscriptions() throws Exception {
      List<CommunicationEvent> seen = new CopyOnWriteArrayList<>();
      Consumer<CommunicationEvent> listener = seen::add;
      AutoCloseable first = bus.subscribe(listener);
      bus.subscribe(listener);

      bus.publish(event("1"));
      await().atMost(WAIT).until(() -> seen.size() == 2);

      first.close();
      List<CommunicationEvent> marker = new CopyOnWriteArrayList<>();
      bus.subscribe(marker::add);
      bus.publish(event("2"));
      await().atMost(WAIT).until(() -> marker.size() == 1 && seen.size() >= 3);
      assertThat(ids(seen))
          .as("closing one subscription left the other")
          .containsExactlyInAnyOrder("1", "1", "2");
    }
  }

  @Nested
  @DisplayName("close")
  class Close {

    @Test
    void publishing_and_subscribing_on_a_closed_bus_do_not_throw() {
      bus.close();

      assertThatCode(() -> bus.publish(event("late"))).doesNotThrowAnyException();
      assertThatCode(() -> bus.subscribe(e -> {}).close()).doesNotThrowAnyException();
    }

    @Test
    void closing_twice_is_harmless() {
      bus.close();

      assertThatCode(bus::close).doesNotThrowAnyException();
    }
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {

    @Test
    void a_null_event_or_listener_is_rejected_with_the_field_named() {
      rejectsField(() -> bus.publish(null), "event");
      rejectsField(() -> bus.subscribe(null), "listener");
    }
  }
}
