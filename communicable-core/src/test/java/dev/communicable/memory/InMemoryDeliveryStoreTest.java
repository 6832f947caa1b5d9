package dev.communicable.memory;

import static dev.communicable.memory.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.delivery.Message;
import dev.communicable.delivery.StateChange;
import dev.communicable.spi.ClaimedDelivery;
import dev.communicable.spi.DeliveryUpdate;
import dev.communicable.spi.EnqueueOutcome;
import dev.communicable.spi.NewMessage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class InMemoryDeliveryStoreTest {
  private final InMemoryDeliveryStore store = new InMemoryDeliveryStore();
  private static final Duration LEASE = Duration.ofMinutes(1);

  @Test
  void claims_higher_priority_first_then_earliest_scheduled_and_only_what_is_due() {
    Message m = Fixtures.message("acme", null, T0);
    Delivery lateNormal =
        Fixtures.delivery(m, ChannelType.EMAIL, Priority.NORMAL, T0.plusSeconds(2));
    Delivery earlyNormal = Fixtures.delivery(m, ChannelType.EMAIL, Priority.NORMAL, T0);
    Delivery critical = Fixtures.delivery(m, ChannelType.SMS, Priority.CRITICAL, T0.plusSeconds(3));
    Delivery future = Fixtures.delivery(m, ChannelType.SMS, Priority.CRITICAL, T0.plusSeconds(60));
    store.enqueue(List.of(new NewMessage(m, List.of(lateNormal, earlyNormal, critical, future))));

    List<Delivery> claimed = deliveries(store.claim("w1", 10, T0.plusSeconds(5), LEASE));

    assertThat(claimed)
        .extracting(Delivery::id)
        .containsExactly(critical.id(), earlyNormal.id(), lateNormal.id());
    assertThat(claimed)
        .allSatisfy(
            d -> {
              assertThat(d.state()).isEqualTo(DeliveryState.SENDING);
              assertThat(d.leaseOwner()).isEqualTo("w1");
              assertThat(d.leaseUntil()).isEqualTo(T0.plusSeconds(5).plus(LEASE));
              assertThat(d.version()).isEqualTo(1);
            });
  }

  @Test
  void an_expired_lease_is_taken_over_but_a_live_one_is_not() {
    store.enqueue(List.of(Fixtures.newMessage("acme", null, T0)));
    Delivery first = store.claim("w1", 1, T0, LEASE).get(0).delivery();

    assertThat(store.claim("w2", 1, T0.plus(LEASE), LEASE)).isEmpty();
    List<Delivery> taken = deliveries(store.claim("w2", 1, T0.plus(LEASE).plusMillis(1), LEASE));

    assertThat(taken)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.id()).isEqualTo(first.id());
              assertThat(d.leaseOwner()).isEqualTo("w2");
              assertThat(d.version()).isEqualTo(2);
            });
  }

  @Test
  void a_claim_names_the_worker_whose_expired_lease_it_took_over() {
    store.enqueue(List.of(Fixtures.newMessage("acme", null, T0)));
    List<ClaimedDelivery> first = store.claim("w1", 1, T0, LEASE);
    assertThat(first).singleElement().satisfies(c -> assertThat(c.takenOver()).isFalse());

    List<ClaimedDelivery> taken = store.claim("w2", 1, T0.plus(LEASE).plusMillis(1), LEASE);

    assertThat(taken)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.takenOverFrom()).isEqualTo("w1");
              assertThat(c.delivery().leaseOwner()).isEqualTo("w2");
            });
  }

  @Test
  void a_guarded_update_with_a_stale_version_writes_nothing() {
    NewMessage nm = Fixtures.newMessage("acme", null, T0);
    EnqueueOutcome out = store.enqueue(List.of(nm)).get(0);
    Delivery queued = nm.deliveries().get(0);
    Delivery claimed = store.claim("w1", 1, T0, LEASE).get(0).delivery();
    Delivery sent =
        claimed.apply(DeliveryEvent.ACCEPTED, T0.plusSeconds(1)).withAttempt("p-1", null);
    DeliveryAttempt attempt =
        new DeliveryAttempt(
            sent.id(),
            "acme",
            1,
            "smtp",
            T0,
            T0.plusSeconds(1),
            DeliveryAttempt.Outcome.ACCEPTED,
            "p-1",
            null);

    Delivery cancelledFromStaleRead = queued.apply(DeliveryEvent.CANCEL, T0);
    DeliveryUpdate stale =
        new DeliveryUpdate(
            cancelledFromStaleRead,
            0,
            null,
            null,
            StateChange.between(queued, cancelledFromStaleRead, null),
            List.of());
    assertThat(store.update(stale)).isFalse();
    DeliveryUpdate wrongOwner =
        new DeliveryUpdate(
            sent,
            claimed.version(),
            "w2",
            attempt,
            StateChange.between(claimed, sent, null),
            List.of());
    assertThat(store.update(wrongOwner)).isFalse();
    assertThat(store.attempts("acme", sent.id())).isEmpty();

    DeliveryUpdate good =
        new DeliveryUpdate(
            sent,
            claimed.version(),
            "w1",
            attempt,
            StateChange.between(claimed, sent, null),
            List.of());
    assertThat(store.update(good)).isTrue();
    assertThat(store.find("acme", sent.id())).contains(sent);
    assertThat(store.findByProviderMessageId("acme", "p-1")).contains(sent);
    assertThat(store.findByProviderMessageId("other", "p-1")).isEmpty();
    assertThat(store.attempts("acme", sent.id())).containsExactly(attempt);
    assertThat(store.timeline("acme", out.messageId()))
        .extracting(StateChange::to)
        .containsExactly(DeliveryState.QUEUED, DeliveryState.SENDING, DeliveryState.SENT);
  }

  @Test
  void the_same_idempotency_key_returns_the_first_outcome_as_a_duplicate() {
    EnqueueOutcome first = store.enqueue(List.of(Fixtures.newMessage("acme", "k1", T0))).get(0);
    NewMessage again = Fixtures.newMessage("acme", "k1", T0);
    EnqueueOutcome second = store.enqueue(List.of(again)).get(0);
    EnqueueOutcome otherTenant =
        store.enqueue(List.of(Fixtures.newMessage("globex", "k1", T0))).get(0);

    assertThat(first.duplicate()).isFalse();
    assertThat(second.duplicate()).isTrue();
    assertThat(second.messageId()).isEqualTo(first.messageId());
    assertThat(second.deliveryIds()).isEqualTo(first.deliveryIds());
    assertThat(store.message("acme", again.message().id())).isEmpty();
    assertThat(otherTenant.duplicate()).isFalse();
  }

  @Test
  void a_bad_message_in_a_batch_writes_nothing() {
    NewMessage good = Fixtures.newMessage("acme", null, T0);
    NewMessage other = Fixtures.newMessage("acme", null, T0);
    NewMessage mismatched = new NewMessage(other.message(), good.deliveries());

    assertThatThrownBy(() -> store.enqueue(List.of(good, mismatched)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("messages[1].deliveries[0]");
    assertThat(store.size()).isZero();
    assertThat(store.message("acme", good.message().id())).isEmpty();
  }

  @Test
  void work_callbacks_fire_after_enqueue_and_stop_when_closed() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AutoCloseable handle = store.onWorkAvailable(calls::incrementAndGet);
    store.enqueue(List.of(Fixtures.newMessage("acme", null, T0)));
    assertThat(calls).hasValue(1);
    handle.close();
    store.enqueue(List.of(Fixtures.newMessage("acme", null, T0)));
    assertThat(calls).hasValue(1);
  }

  @Test
  void purge_removes_old_finished_deliveries_in_batches_and_their_messages() {
    for (int i = 0; i < 5; i++) {
      store.enqueue(List.of(Fixtures.newMessage("acme", "k" + i, T0)));
    }
    for (Delivery d : deliveries(store.claim("w1", 5, T0, LEASE))) {
      Delivery cancelled = d.apply(DeliveryEvent.CANCEL, T0.plusSeconds(1));
      store.update(
          new DeliveryUpdate(
              cancelled,
              d.version(),
              "w1",
              null,
              StateChange.between(d, cancelled, null),
              List.of()));
    }
    store.enqueue(List.of(Fixtures.newMessage("acme", "still-queued", T0)));

    assertThat(store.purge(T0.plusSeconds(1), 2)).isEqualTo(0);
    assertThat(store.purge(T0.plusSeconds(2), 2)).isEqualTo(2);
    assertThat(store.purge(T0.plusSeconds(2), 2)).isEqualTo(2);
    assertThat(store.purge(T0.plusSeconds(2), 2)).isEqualTo(1);
    assertThat(store.purge(T0.plusSeconds(2), 2)).isEqualTo(0);
    assertThat(store.size()).isEqualTo(1);
    // the key of a purged message may be used again
    assertThat(store.enqueue(List.of(Fixtures.newMessage("acme", "k0", T0))).get(0).duplicate())
        .isFalse();
  }

  @Test
  void bad_arguments_name_the_field() {
    assertThatThrownBy(() -> store.claim(" ", 1, T0, LEASE)).hasMessageStartingWith("workerId:");
    assertThatThrownBy(() -> store.claim("w", 0, T0, LEASE)).hasMessageStartingWith("limit:");
    assertThatThrownBy(() -> store.claim("w", 1, T0, Duration.ZERO))
        .hasMessageStartingWith("lease:");
    assertThatThrownBy(() -> store.find("", null)).hasMessageStartingWith("tenantId:");
    assertThatThrownBy(() -> store.deadLetters("acme", null, 0)).hasMessageStartingWith("limit:");
    assertThatThrownBy(() -> store.purge(Instant.MAX, 0)).hasMessageStartingWith("batchSize:");
  }

  private static List<Delivery> deliveries(List<ClaimedDelivery> claimed) {
    return claimed.stream().map(ClaimedDelivery::delivery).toList();
  }
}
