package dev.communicable.testkit;

import static dev.communicable.testkit.TestData.T0;
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
import dev.communicable.memory.InMemoryStores;
import dev.communicable.spi.ClaimedDelivery;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.DeliveryUpdate;
import dev.communicable.spi.EnqueueOutcome;
import dev.communicable.spi.Lease;
import dev.communicable.spi.NewMessage;
import dev.communicable.spi.StoredDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The in-memory delivery store, beyond what {@link InMemoryDeliveryStoreContractTest} checks. */
class InMemoryDeliveryStoreTest {
  private static final Duration LEASE = Duration.ofMinutes(1);

  private final DeliveryStore store = InMemoryStores.create().deliveries();

  /** A message of {@code tenant} with one e-mail delivery per due time, all NORMAL priority. */
  private static NewMessage newMessage(String tenant, @Nullable String key, Instant... due) {
    Message m = TestData.message(tenant).idempotencyKey(key).build();
    return new NewMessage(
        m, List.of(due).stream().map(d -> TestData.delivery(m).scheduledAt(d).build()).toList());
  }

  private static Delivery delivery(Message m, ChannelType channel, Priority priority, Instant due) {
    return TestData.delivery(m)
        .route(TestData.route(TestData.recipient(m.tenantId()), channel))
        .priority(priority)
        .scheduledAt(due)
        .build();
  }

  @Test
  void claims_higher_priority_first_then_earliest_scheduled_and_only_what_is_due() {
    Message m = TestData.message("acme").build();
    Delivery lateNormal = delivery(m, ChannelType.EMAIL, Priority.NORMAL, T0.plusSeconds(2));
    Delivery earlyNormal = delivery(m, ChannelType.EMAIL, Priority.NORMAL, T0);
    Delivery critical = delivery(m, ChannelType.SMS, Priority.CRITICAL, T0.plusSeconds(3));
    Delivery future = delivery(m, ChannelType.SMS, Priority.CRITICAL, T0.plusSeconds(60));
    store.enqueue(List.of(new NewMessage(m, List.of(lateNormal, earlyNormal, critical, future))));

    List<StoredDelivery> claimed = stored(store.claim("w1", 10, T0.plusSeconds(5), LEASE));

    assertThat(claimed)
        .extracting(StoredDelivery::id)
        .containsExactly(critical.id(), earlyNormal.id(), lateNormal.id());
    assertThat(claimed)
        .allSatisfy(
            d -> {
              assertThat(d.delivery().state()).isEqualTo(DeliveryState.SENDING);
              assertThat(d.lease()).isEqualTo(new Lease("w1", T0.plusSeconds(5).plus(LEASE)));
              assertThat(d.version()).isEqualTo(1);
            });
  }

  @Test
  void an_expired_lease_is_taken_over_but_a_live_one_is_not() {
    store.enqueue(List.of(newMessage("acme", null, T0)));
    StoredDelivery first = store.claim("w1", 1, T0, LEASE).get(0).stored();

    assertThat(store.claim("w2", 1, T0.plus(LEASE), LEASE)).isEmpty();
    List<StoredDelivery> taken = stored(store.claim("w2", 1, T0.plus(LEASE).plusMillis(1), LEASE));

    assertThat(taken)
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.id()).isEqualTo(first.id());
              assertThat(d.leasedTo("w2")).isTrue();
              assertThat(d.version()).isEqualTo(2);
            });
  }

  @Test
  void a_claim_names_the_worker_whose_expired_lease_it_took_over() {
    store.enqueue(List.of(newMessage("acme", null, T0)));
    List<ClaimedDelivery> first = store.claim("w1", 1, T0, LEASE);
    assertThat(first).singleElement().satisfies(c -> assertThat(c.takenOver()).isFalse());

    List<ClaimedDelivery> taken = store.claim("w2", 1, T0.plus(LEASE).plusMillis(1), LEASE);

    assertThat(taken)
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.takenOverFrom()).isEqualTo("w1");
              assertThat(c.stored().leasedTo("w2")).isTrue();
            });
  }

  @Test
  void a_guarded_update_with_a_stale_version_writes_nothing() {
    NewMessage nm = newMessage("acme", null, T0);
    EnqueueOutcome out = store.enqueue(List.of(nm)).get(0);
    StoredDelivery queued = TestData.stored(nm.deliveries().get(0));
    StoredDelivery claimed = store.claim("w1", 1, T0, LEASE).get(0).stored();
    Delivery sent =
        claimed
            .delivery()
            .apply(DeliveryEvent.ACCEPTED, T0.plusSeconds(1))
            .withAttempt("p-1", null);
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

    Delivery cancelledFromStaleRead = queued.delivery().apply(DeliveryEvent.CANCEL, T0);
    DeliveryUpdate stale =
        DeliveryUpdate.of(queued, cancelledFromStaleRead, null, null, null, List.of());
    assertThat(store.update(stale)).isFalse();
    DeliveryUpdate wrongOwner = DeliveryUpdate.of(claimed, sent, "w2", attempt, null, List.of());
    assertThat(store.update(wrongOwner)).isFalse();
    assertThat(store.attempts("acme", sent.id())).isEmpty();

    DeliveryUpdate good = DeliveryUpdate.of(claimed, sent, "w1", attempt, null, List.of());
    assertThat(store.update(good)).isTrue();
    assertThat(store.find("acme", sent.id())).contains(claimed.next(sent));
    assertThat(store.findByProviderMessageId("acme", "p-1")).contains(claimed.next(sent));
    assertThat(store.findByProviderMessageId("other", "p-1")).isEmpty();
    assertThat(store.attempts("acme", sent.id())).containsExactly(attempt);
    assertThat(store.timeline("acme", out.messageId()))
        .extracting(StateChange::to)
        .containsExactly(DeliveryState.QUEUED, DeliveryState.SENDING, DeliveryState.SENT);
  }

  @Test
  void the_same_idempotency_key_returns_the_first_outcome_as_a_duplicate() {
    EnqueueOutcome first = store.enqueue(List.of(newMessage("acme", "k1", T0))).get(0);
    NewMessage again = newMessage("acme", "k1", T0);
    EnqueueOutcome second = store.enqueue(List.of(again)).get(0);
    EnqueueOutcome otherTenant = store.enqueue(List.of(newMessage("globex", "k1", T0))).get(0);

    assertThat(first.duplicate()).isFalse();
    assertThat(second.duplicate()).isTrue();
    assertThat(second.messageId()).isEqualTo(first.messageId());
    assertThat(second.deliveryIds()).isEqualTo(first.deliveryIds());
    assertThat(store.message("acme", again.message().id())).isEmpty();
    assertThat(otherTenant.duplicate()).isFalse();
  }

  @Test
  void a_bad_message_in_a_batch_writes_nothing() {
    NewMessage good = newMessage("acme", null, T0);
    NewMessage other = newMessage("acme", null, T0);
    NewMessage mismatched = new NewMessage(other.message(), good.deliveries());

    assertThatThrownBy(() -> store.enqueue(List.of(good, mismatched)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("messages[1].deliveries[0]");
    assertThat(store.message("acme", good.message().id())).isEmpty();
    assertThat(store.find("acme", good.deliveries().get(0).id())).isEmpty();
    assertThat(store.claim("w1", 10, T0, LEASE)).isEmpty();
  }

  @Test
  void work_callbacks_fire_after_enqueue_and_stop_when_closed() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    AutoCloseable handle = store.onWorkAvailable(calls::incrementAndGet);
    store.enqueue(List.of(newMessage("acme", null, T0)));
    assertThat(calls).hasValue(1);
    handle.close();
    store.enqueue(List.of(newMessage("acme", null, T0)));
    assertThat(calls).hasValue(1);
  }

  @Test
  void purge_removes_old_finished_deliveries_in_batches_and_their_messages() {
    for (int i = 0; i < 5; i++) {
      store.enqueue(List.of(newMessage("acme", "k" + i, T0)));
    }
    for (StoredDelivery d : stored(store.claim("w1", 5, T0, LEASE))) {
      Delivery cancelled = d.delivery().apply(DeliveryEvent.CANCEL, T0.plusSeconds(1));
      store.update(DeliveryUpdate.of(d, cancelled, "w1", null, null, List.of()));
    }
    NewMessage stillQueued = newMessage("acme", "still-queued", T0);
    store.enqueue(List.of(stillQueued));

    assertThat(store.purge(T0.plusSeconds(1), 2)).isEqualTo(0);
    assertThat(store.purge(T0.plusSeconds(2), 2)).isEqualTo(2);
    assertThat(store.purge(T0.plusSeconds(2), 2)).isEqualTo(2);
    assertThat(store.purge(T0.plusSeconds(2), 2)).isEqualTo(1);
    assertThat(store.purge(T0.plusSeconds(2), 2)).isEqualTo(0);
    assertThat(store.find("acme", stillQueued.deliveries().get(0).id())).isPresent();
    // the key of a purged message may be used again
    assertThat(store.enqueue(List.of(newMessage("acme", "k0", T0))).get(0).duplicate()).isFalse();
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

  private static List<StoredDelivery> stored(List<ClaimedDelivery> claimed) {
    return claimed.stream().map(ClaimedDelivery::stored).toList();
  }
}
