package dev.communicable.engine;

import static dev.communicable.delivery.DeliveryState.DELIVERED;
import static dev.communicable.delivery.DeliveryState.SENDING;
import static dev.communicable.delivery.DeliveryState.SENT;
import static dev.communicable.engine.EngineFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.communicable.Content;
import dev.communicable.NotFoundException;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.StoreException;
import dev.communicable.channel.SendResult;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.spi.CommunicationEvent;
import dev.communicable.spi.EventBus;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A worker writes its batch's outcomes together")
class BatchedOutcomesTest {
  private static final Duration LEASE = Duration.ofMinutes(1);

  private static Notification.Builder toThree() {
    return Notification.event("hello")
        .to(EngineFixture.user("ann", "ann@example.com", null))
        .to(EngineFixture.user("bob", "bob@example.com", null))
        .to(EngineFixture.user("cid", "cid@example.com", null))
        .content(Content.text("Hello"));
  }

  /** An event bus that keeps every {@code delivery.state_changed} event in {@code published}. */
  private static EventBus stateChangesInto(List<CommunicationEvent> published) {
    return new EventBus() {
      @Override
      public void publish(CommunicationEvent event) {
        if (event.type().equals(CommunicationEvent.DELIVERY_STATE_CHANGED)) {
          published.add(event);
        }
      }

      @Override
      public AutoCloseable subscribe(Consumer<CommunicationEvent> listener) {
        return () -> {};
      }
    };
  }

  @Test
  void the_outcomes_of_one_claimed_batch_go_to_the_store_in_one_call() {
    try (EngineFixture f = new EngineFixture(b -> b.lease(LEASE))) {
      Receipt receipt = f.comms.send(toThree());

      assertThat(f.comms.dispatchDue()).isEqualTo(3);

      assertThat(f.deliveryStore.updateAllSizes).containsExactly(3);
      assertThat(f.deliveries(receipt)).extracting(Delivery::state).containsOnly(SENT);
    }
  }

  @Test
  void
      a_write_that_fails_twice_leaves_the_batch_leased_and_announces_nothing_then_the_take_over_sends_it_again() {
    List<CommunicationEvent> published = new CopyOnWriteArrayList<>();
    AtomicInteger ids = new AtomicInteger();
    try (EngineFixture f =
        new EngineFixture(b -> b.lease(LEASE).eventBus(stateChangesInto(published)))) {
      f.email.respondWith(m -> SendResult.accepted("smtp", "p-" + ids.incrementAndGet()));
      Receipt receipt = f.comms.send(toThree());
      f.deliveryStore.failBeforeWriting.add(new StoreException("connection lost", true, null));
      f.deliveryStore.failBeforeWriting.add(new StoreException("connection lost", true, null));
      published.clear();

      f.comms.dispatchDue();

      assertThat(f.deliveryStore.updateAllSizes).as("written, then retried once").hasSize(2);
      assertThat(f.email.sent()).hasSize(3);
      assertThat(f.deliveries(receipt)).extracting(Delivery::state).containsOnly(SENDING);
      assertThat(published)
          .as("only the claims are announced, no send that was not stored")
          .extracting(e -> e.attributes().get("to"))
          .containsOnly("SENDING");
      assertThatThrownBy(() -> f.comms.trackByProviderId(TENANT, "p-1", DeliveryEvent.DELIVERED))
          .as("the provider ids of the lost batch are no longer expected")
          .isInstanceOf(NotFoundException.class);

      f.clock.advance(LEASE.plusSeconds(1));
      assertThat(f.comms.dispatchDue()).isEqualTo(3);

      assertThat(f.email.sent()).as("sent again, at least once").hasSize(6);
      assertThat(f.deliveries(receipt)).extracting(Delivery::state).containsOnly(SENT);
      assertThat(f.deliveries(receipt))
          .extracting(Delivery::attempts)
          .as("the take-over costs no attempt: only the new one counts")
          .containsOnly(1);
      Delivery ann = f.deliveries(receipt).get(0);
      assertThat(
              f.comms.trackByProviderId(TENANT, ann.providerMessageId(), DeliveryEvent.DELIVERED))
          .extracting(Delivery::state)
          .isEqualTo(DELIVERED);
    }
  }

  @Test
  void
      a_write_that_committed_before_its_connection_dropped_is_carried_on_as_written_and_not_sent_again() {
    List<CommunicationEvent> published = new CopyOnWriteArrayList<>();
    try (EngineFixture f =
        new EngineFixture(b -> b.lease(LEASE).eventBus(stateChangesInto(published)))) {
      AtomicInteger ids = new AtomicInteger();
      List<Delivery> early = new CopyOnWriteArrayList<>();
      f.email.respondWith(
          m -> {
            int n = ids.incrementAndGet();
            if (n == 2) {
              // the first send's outcome waits in the batch; its receipt comes now and is parked
              early.add(f.comms.trackByProviderId(TENANT, "p-1", DeliveryEvent.DELIVERED));
            }
            return SendResult.accepted("smtp", "p-" + n);
          });
      Receipt receipt = f.comms.send(toThree());
      f.deliveryStore.failAfterWriting.add(
          new StoreException("connection lost during COMMIT", true, null));

      f.comms.dispatchDue();

      assertThat(early).singleElement().extracting(Delivery::state).isEqualTo(SENDING);
      assertThat(f.deliveryStore.updateAllSizes).as("the batch is written once").containsExactly(3);
      assertThat(published)
          .filteredOn(e -> "SENT".equals(e.attributes().get("to")))
          .as("each send announced exactly once")
          .extracting(e -> e.attributes().get("deliveryId"))
          .hasSize(3)
          .doesNotHaveDuplicates();
      assertThat(f.deliveries(receipt))
          .as("the parked receipt is applied")
          .filteredOn(d -> "p-1".equals(d.providerMessageId()))
          .singleElement()
          .extracting(Delivery::state)
          .isEqualTo(DELIVERED);

      f.clock.advance(LEASE.plusSeconds(1));
      assertThat(f.comms.dispatchDue()).as("nothing is left to take over").isZero();
      assertThat(f.email.sent()).as("each delivery sent once").hasSize(3);
    }
  }

  @Test
  void a_transient_failure_that_wrote_nothing_is_retried_once_and_then_written() {
    List<CommunicationEvent> published = new CopyOnWriteArrayList<>();
    try (EngineFixture f =
        new EngineFixture(b -> b.lease(LEASE).eventBus(stateChangesInto(published)))) {
      Receipt receipt = f.comms.send(toThree());
      f.deliveryStore.failBeforeWriting.add(
          new StoreException("terminating connection due to administrator command", true, null));

      f.comms.dispatchDue();

      assertThat(f.deliveryStore.updateAllSizes).containsExactly(3, 3);
      assertThat(f.deliveries(receipt)).extracting(Delivery::state).containsOnly(SENT);
      assertThat(published)
          .filteredOn(e -> "SENT".equals(e.attributes().get("to")))
          .as("each send announced exactly once")
          .extracting(e -> e.attributes().get("deliveryId"))
          .hasSize(3)
          .doesNotHaveDuplicates();

      f.clock.advance(LEASE.plusSeconds(1));
      assertThat(f.comms.dispatchDue()).as("nothing is left to take over").isZero();
      assertThat(f.email.sent()).as("each delivery sent once").hasSize(3);
    }
  }

  @Test
  void a_first_write_that_commits_only_after_the_read_back_is_found_when_its_retry_loses() {
    List<CommunicationEvent> published = new CopyOnWriteArrayList<>();
    try (EngineFixture f =
        new EngineFixture(b -> b.lease(LEASE).eventBus(stateChangesInto(published)))) {
      Receipt receipt = f.comms.send(toThree());
      f.deliveryStore.failBeforeWriting.add(
          new StoreException("connection lost during COMMIT", true, null));
      AtomicBoolean late = new AtomicBoolean();
      f.deliveryStore.beforeUpdate =
          u -> {
            if (late.compareAndSet(false, true)) {
              f.memory.deliveries().update(u); // the first COMMIT of this one lands just now
            }
          };

      f.comms.dispatchDue();

      assertThat(f.deliveryStore.updateAllSizes).containsExactly(3, 3);
      assertThat(f.deliveries(receipt)).extracting(Delivery::state).containsOnly(SENT);
      assertThat(published)
          .filteredOn(e -> "SENT".equals(e.attributes().get("to")))
          .as("each send announced exactly once")
          .extracting(e -> e.attributes().get("deliveryId"))
          .hasSize(3)
          .doesNotHaveDuplicates();
    }
  }

  @Test
  void a_failure_that_is_not_transient_is_not_retried() {
    try (EngineFixture f = new EngineFixture(b -> b.lease(LEASE))) {
      Receipt receipt = f.comms.send(toThree());
      f.deliveryStore.failBeforeWriting.add(
          new StoreException("value too long for type character varying", false, null));

      f.comms.dispatchDue();

      assertThat(f.deliveryStore.updateAllSizes).containsExactly(3);
      assertThat(f.deliveries(receipt)).extracting(Delivery::state).containsOnly(SENDING);
    }
  }

  @Test
  void a_receipt_that_arrives_while_the_outcome_waits_is_applied_once_it_is_written() {
    try (EngineFixture f = new EngineFixture(b -> b.lease(LEASE))) {
      AtomicInteger ids = new AtomicInteger();
      List<Delivery> early = new CopyOnWriteArrayList<>();
      f.email.respondWith(
          m -> {
            int n = ids.incrementAndGet();
            if (n == 2) {
              // the first send's outcome waits in the batch; its receipt comes now
              early.add(f.comms.trackByProviderId(TENANT, "p-1", DeliveryEvent.DELIVERED));
            }
            return SendResult.accepted("smtp", "p-" + n);
          });
      Receipt receipt = f.comms.send(toThree());

      f.comms.dispatchDue();

      assertThat(early).singleElement().extracting(Delivery::state).isEqualTo(SENDING);
      assertThat(f.deliveryStore.updateAllSizes).containsExactly(3);
      assertThat(f.deliveries(receipt))
          .filteredOn(d -> "p-1".equals(d.providerMessageId()))
          .singleElement()
          .extracting(Delivery::state)
          .isEqualTo(DELIVERED);
    }
  }

  @Test
  void a_hung_send_does_not_hold_the_outcomes_decided_before_it() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger calls = new AtomicInteger();
    try (EngineFixture f =
        new EngineFixture(
            b ->
                b.lease(LEASE)
                    .workers(1)
                    .batchSize(10)
                    .pollInterval(Duration.ofMillis(20))
                    .shutdownTimeout(Duration.ofSeconds(5)))) {
      f.email.respondWith(
          m -> {
            if (calls.incrementAndGet() == 3) {
              try {
                release.await(); // the third send hangs until the test lets it go
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            return SendResult.accepted("smtp", "p-" + calls.get());
          });
      Receipt receipt = f.comms.send(toThree());

      // the settable clock stands still: the hold is bounded in real time
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> f.deliveries(receipt).stream().filter(d -> d.state() == SENT).count() == 2);
      assertThat(calls).hasValue(3);
      assertThat(f.deliveries(receipt)).extracting(Delivery::state).containsOnly(SENT, SENDING);

      release.countDown();
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> f.deliveries(receipt).stream().allMatch(d -> d.state() == SENT));
    } finally {
      release.countDown();
    }
  }
}
