package dev.communicable.jdbc;

import static dev.communicable.jdbc.Fixtures.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.Priority;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.delivery.StateChange;
import dev.communicable.spi.ClaimedDelivery;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.DeliveryUpdate;
import dev.communicable.spi.EnqueueOutcome;
import dev.communicable.spi.NewMessage;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** How the JDBC delivery queue behaves; run on H2 and on PostgreSQL by the subclasses. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DeliveryQueueBehaviour {
  private static final Duration LEASE = Duration.ofMinutes(1);
  private static final String TENANT = "acme";

  TestDatabase database;
  DeliveryStore store;

  abstract TestDatabase.Kind kind();

  @BeforeAll
  void openDatabase() {
    database = TestDatabase.create(kind());
    store = database.stores().deliveries();
  }

  @AfterAll
  void closeDatabase() {
    database.close();
  }

  @BeforeEach
  void emptyQueue() throws SQLException {
    try (Connection c = database.connection();
        Statement s = c.createStatement()) {
      for (String table :
          List.of(
              "delivery_events",
              "delivery_attempts",
              "dead_letters",
              "deliveries",
              "idempotency_keys",
              "message_recipients",
              "messages")) {
        s.execute("delete from communication." + table);
      }
    }
  }

  private List<Delivery> claim(String worker, int limit, Instant now) {
    return store.claim(worker, limit, now, LEASE).stream().map(ClaimedDelivery::delivery).toList();
  }

  private List<EnqueueOutcome> enqueue(NewMessage... messages) {
    return store.enqueue(List.of(messages));
  }

  @Test
  void enqueueStoresTheMessageItsDeliveriesAndACreationEntryEach() {
    NewMessage nm = Fixtures.message(TENANT, null, 2, T0);

    EnqueueOutcome outcome = enqueue(nm).get(0);

    assertThat(outcome.duplicate()).isFalse();
    assertThat(outcome.deliveryIds())
        .containsExactly(nm.deliveries().get(0).id(), nm.deliveries().get(1).id());
    assertThat(store.message(TENANT, nm.message().id())).contains(nm.message());
    assertThat(store.deliveries(TENANT, nm.message().id())).isEqualTo(nm.deliveries());
    assertThat(store.timeline(TENANT, nm.message().id()))
        .extracting(StateChange::from, StateChange::to, StateChange::at)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(null, DeliveryState.QUEUED, T0),
            org.assertj.core.groups.Tuple.tuple(null, DeliveryState.QUEUED, T0));
  }

  @Test
  void aSecondMessageWithAUsedIdempotencyKeyIsNotWrittenAndNamesTheFirst() {
    NewMessage first = Fixtures.message(TENANT, "invoice-1-paid", 1, T0);
    NewMessage again = Fixtures.message(TENANT, "invoice-1-paid", 1, T0.plusSeconds(5));
    NewMessage otherTenant = Fixtures.message("globex", "invoice-1-paid", 1, T0);

    enqueue(first);
    List<EnqueueOutcome> outcomes = enqueue(again, otherTenant);

    assertThat(outcomes.get(0).duplicate()).isTrue();
    assertThat(outcomes.get(0).messageId()).isEqualTo(first.message().id());
    assertThat(outcomes.get(0).deliveryIds()).containsExactly(first.deliveries().get(0).id());
    assertThat(store.message(TENANT, again.message().id())).isEmpty();
    assertThat(outcomes.get(1).duplicate()).isFalse();
  }

  @Test
  void aRepeatedKeyWithinOneBatchIsADuplicateOfTheFirstInTheBatch() {
    NewMessage first = Fixtures.message(TENANT, "k", 1, T0);
    NewMessage second = Fixtures.message(TENANT, "k", 1, T0);

    List<EnqueueOutcome> outcomes = enqueue(first, second);

    assertThat(outcomes.get(1).duplicate()).isTrue();
    assertThat(outcomes.get(1).messageId()).isEqualTo(first.message().id());
    assertThat(store.message(TENANT, second.message().id())).isEmpty();
  }

  @Test
  void aDeliveryOfAnotherTenantThanItsMessageIsRefusedAndNothingIsWritten() {
    NewMessage good = Fixtures.message(TENANT, null, 1, T0);
    NewMessage nm = Fixtures.message(TENANT, null, 1, T0);
    Delivery wrong = nm.deliveries().get(0);
    Delivery foreign =
        new Delivery(
            wrong.id(),
            "globex",
            wrong.messageId(),
            wrong.recipientId(),
            wrong.channel(),
            wrong.address(),
            wrong.locale(),
            wrong.timeZone(),
            wrong.topic(),
            wrong.priority(),
            wrong.state(),
            0,
            wrong.scheduledAt(),
            null,
            wrong.createdAt(),
            wrong.updatedAt(),
            0,
            null,
            null,
            wrong.fallbacks(),
            null,
            null,
            null);

    assertThatThrownBy(() -> enqueue(good, new NewMessage(nm.message(), List.of(foreign))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("messages[1].deliveries[0].tenantId")
        .hasMessageContaining("globex");
    assertThat(store.message(TENANT, good.message().id())).isEmpty();
    assertThat(claim("w", 10, T0.plusSeconds(60))).isEmpty();
  }

  @Test
  void claimTakesDueDeliveriesHigherPriorityFirstAndLeavesFutureOnes() {
    NewMessage normal = Fixtures.message(TENANT, null, 1, T0);
    NewMessage critical = Fixtures.message(TENANT, null, 1, T0.plusSeconds(1), Priority.CRITICAL);
    NewMessage later = Fixtures.message(TENANT, null, 1, T0.plus(Duration.ofHours(1)));
    enqueue(normal, critical, later);
    Instant now = T0.plusSeconds(60);

    List<Delivery> claimed = claim("worker-a", 10, now);

    assertThat(claimed)
        .extracting(Delivery::id)
        .containsExactly(critical.deliveries().get(0).id(), normal.deliveries().get(0).id());
    assertThat(claimed)
        .allSatisfy(
            d -> {
              assertThat(d.state()).isEqualTo(DeliveryState.SENDING);
              assertThat(d.version()).isEqualTo(1);
              assertThat(d.leaseOwner()).isEqualTo("worker-a");
              assertThat(d.leaseUntil()).isEqualTo(now.plus(LEASE));
            });
    assertThat(store.timeline(TENANT, normal.message().id()))
        .extracting(StateChange::from, StateChange::to)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(null, DeliveryState.QUEUED),
            org.assertj.core.groups.Tuple.tuple(DeliveryState.QUEUED, DeliveryState.SENDING));
  }

  @Test
  void aLeasedDeliveryIsNotClaimedAgainUntilItsLeaseRunsOutThenAnotherWorkerTakesItOver() {
    NewMessage nm = Fixtures.message(TENANT, null, 1, T0);
    enqueue(nm);
    claim("worker-a", 10, T0);

    assertThat(claim("worker-b", 10, T0.plusSeconds(30))).isEmpty();
    assertThat(claim("worker-b", 10, T0.plus(LEASE))).isEmpty();
    List<Delivery> taken = claim("worker-b", 10, T0.plus(LEASE).plusMillis(1));

    assertThat(taken).hasSize(1);
    assertThat(taken.get(0).leaseOwner()).isEqualTo("worker-b");
    assertThat(taken.get(0).version()).isEqualTo(2);
    StateChange last = store.timeline(TENANT, nm.message().id()).get(2);
    assertThat(last.from()).isEqualTo(DeliveryState.SENDING);
    assertThat(last.detail()).contains("worker-a").contains("worker-b");
  }

  @Test
  void anUpdateWritesOnlyOverTheVersionAndLeaseItWasBasedOn() {
    NewMessage nm = Fixtures.message(TENANT, null, 1, T0);
    enqueue(nm);
    Delivery claimed = claim("worker-a", 1, T0).get(0);
    Instant sentAt = T0.plusSeconds(2);
    Delivery sent = claimed.apply(DeliveryEvent.ACCEPTED, sentAt).withAttempt("pm-1", null);
    DeliveryAttempt attempt =
        new DeliveryAttempt(
            claimed.id(),
            TENANT,
            1,
            "smtp",
            T0,
            sentAt,
            DeliveryAttempt.Outcome.ACCEPTED,
            "pm-1",
            null);
    StateChange change = StateChange.between(claimed, sent, "accepted by smtp");

    assertThat(
            store.update(
                new DeliveryUpdate(
                    sent, claimed.version(), "worker-b", attempt, change, List.of())))
        .as("another worker's lease")
        .isFalse();
    Delivery queued = nm.deliveries().get(0);
    Delivery stale = queued.apply(DeliveryEvent.CANCEL, sentAt);
    assertThat(
            store.update(
                new DeliveryUpdate(
                    stale,
                    queued.version(),
                    null,
                    null,
                    StateChange.between(queued, stale, "cancelled"),
                    List.of())))
        .as("a stale version")
        .isFalse();
    assertThat(
            store.update(
                new DeliveryUpdate(
                    sent, claimed.version(), "worker-a", attempt, change, List.of())))
        .isTrue();

    assertThat(store.find(TENANT, claimed.id())).contains(sent);
    assertThat(store.find("globex", claimed.id())).isEmpty();
    assertThat(store.attempts(TENANT, claimed.id())).containsExactly(attempt);
    assertThat(store.findByProviderMessageId(TENANT, "pm-1")).contains(sent);
    assertThat(store.timeline(TENANT, nm.message().id())).last().isEqualTo(change);
  }

  @Test
  void aBatchLongerThanOneStatementWritesEveryWinnerAndSkipsEachLoserWhereverItStands() {
    int size = 2_500; // on PostgreSQL three UPDATE ... FROM (VALUES ...) of up to 1,000 each
    NewMessage nm = Fixtures.message(TENANT, null, size, T0);
    enqueue(nm);
    List<Delivery> claimed = claim("worker-a", size, T0);
    assertThat(claimed).hasSize(size);
    Instant at = T0.plusSeconds(1);
    Set<Integer> leaseLost = Set.of(0, 999, 1_000, 2_499);
    int versionLost = 1_500;
    Delivery moved = claimed.get(versionLost);
    Delivery cancelled = moved.apply(DeliveryEvent.CANCEL, at);
    assertThat(
            store.update(
                new DeliveryUpdate(
                    cancelled,
                    moved.version(),
                    null,
                    null,
                    StateChange.between(moved, cancelled, "cancelled"),
                    List.of())))
        .isTrue();
    List<DeliveryUpdate> updates = new ArrayList<>(size);
    List<Boolean> expected = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      Delivery before = claimed.get(i);
      Delivery sent = before.apply(DeliveryEvent.ACCEPTED, at).withAttempt("pm-" + i, null);
      String owner = leaseLost.contains(i) ? "worker-b" : "worker-a";
      updates.add(
          new DeliveryUpdate(
              sent,
              before.version(),
              owner,
              null,
              StateChange.between(before, sent, "accepted"),
              List.of()));
      expected.add(!leaseLost.contains(i) && i != versionLost);
    }

    assertThat(store.updateAll(updates)).isEqualTo(expected);

    Map<DeliveryId, Delivery> stored = new HashMap<>();
    for (Delivery d : store.deliveries(TENANT, nm.message().id())) {
      stored.put(d.id(), d);
    }
    for (int i = 0; i < size; i++) {
      Delivery now = stored.get(claimed.get(i).id());
      if (expected.get(i)) {
        assertThat(now).isEqualTo(updates.get(i).delivery());
      } else if (i == versionLost) {
        assertThat(now).isEqualTo(cancelled);
      } else {
        assertThat(now).isEqualTo(claimed.get(i));
      }
    }
    assertThat(store.timeline(TENANT, nm.message().id()))
        .filteredOn(c -> c.to() == DeliveryState.SENT)
        .hasSize(size - leaseLost.size() - 1);
  }

  @Test
  void anUpdateNamingAnotherTenantWritesNothing() {
    NewMessage nm = Fixtures.message(TENANT, null, 1, T0);
    enqueue(nm);
    Delivery claimed = claim("worker-a", 1, T0).get(0);
    Delivery foreign =
        new Delivery(
            claimed.id(),
            "globex",
            claimed.messageId(),
            claimed.recipientId(),
            claimed.channel(),
            claimed.address(),
            claimed.locale(),
            claimed.timeZone(),
            claimed.topic(),
            claimed.priority(),
            DeliveryState.SENT,
            1,
            claimed.scheduledAt(),
            null,
            claimed.createdAt(),
            T0,
            claimed.version() + 1,
            null,
            null,
            List.of(),
            null,
            null,
            null);

    boolean written =
        store.update(
            new DeliveryUpdate(
                foreign,
                claimed.version(),
                null,
                null,
                StateChange.between(claimed, foreign, null),
                List.of()));

    assertThat(written).isFalse();
    assertThat(store.find(TENANT, claimed.id())).contains(claimed);
  }

  @Test
  void concurrentWorkersNeverClaimTheSameDelivery() throws Exception {
    List<NewMessage> batch = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      batch.add(Fixtures.message(TENANT, null, 5, T0));
    }
    store.enqueue(batch);
    Set<DeliveryId> seen = ConcurrentHashMap.newKeySet();
    List<DeliveryId> duplicates = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < 4; w++) {
        String worker = "worker-" + w;
        workers.add(
            pool.submit(
                () -> {
                  // On H2 a claimer may find every due row locked by another and get nothing:
                  // keep going until all are seen (or the deadline fails the test).
                  long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(50);
                  while (seen.size() < 1_000 && System.nanoTime() < deadline) {
                    List<Delivery> claimed = claim(worker, 25, T0.plusSeconds(1));
                    for (Delivery d : claimed) {
                      if (!seen.add(d.id())) {
                        synchronized (duplicates) {
                          duplicates.add(d.id());
                        }
                      }
                    }
                  }
                }));
      }
      for (Future<?> f : workers) {
        f.get(60, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(duplicates).isEmpty();
    assertThat(seen).hasSize(1_000);
  }

  @Test
  void deadLettersAreListedOldestFirstAPageAtATimeAndLeaveTheListWhenReplayed() {
    List<Delivery> dead = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      enqueue(Fixtures.message(TENANT, null, 1, T0.plusSeconds(i)));
    }
    for (Delivery claimed : claim("w", 10, T0.plusSeconds(10))) {
      Delivery next =
          claimed.apply(DeliveryEvent.EXHAUSTED, T0.plusSeconds(20)).withAttempt(null, "boom");
      assertThat(
              store.update(
                  new DeliveryUpdate(
                      next,
                      claimed.version(),
                      "w",
                      null,
                      StateChange.between(claimed, next, "attempts spent"),
                      List.of())))
          .isTrue();
      dead.add(next);
    }

    List<Delivery> first = store.deadLetters(TENANT, null, 2);
    List<Delivery> second = store.deadLetters(TENANT, first.get(1).id(), 2);

    assertThat(first).containsExactly(dead.get(0), dead.get(1));
    assertThat(second).containsExactly(dead.get(2));
    assertThat(store.deadLetters("globex", null, 10)).isEmpty();

    Delivery replayed = dead.get(0).apply(DeliveryEvent.REPLAY, T0.plusSeconds(30));
    assertThat(
            store.update(
                new DeliveryUpdate(
                    replayed,
                    dead.get(0).version(),
                    null,
                    null,
                    StateChange.between(dead.get(0), replayed, "replayed"),
                    List.of())))
        .isTrue();
    assertThat(store.deadLetters(TENANT, null, 10)).containsExactly(dead.get(1), dead.get(2));
  }

  @Test
  void purgeRemovesOldFinishedDeliveriesInBoundedBatchesAndTheMessagesLeftEmpty() {
    List<NewMessage> messages = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      messages.add(Fixtures.message(TENANT, "key-" + i, 1, T0));
    }
    NewMessage stillQueued = Fixtures.message(TENANT, null, 1, T0.plus(Duration.ofDays(1)));
    messages.add(stillQueued);
    store.enqueue(messages);
    for (Delivery claimed : claim("w", 10, T0)) {
      Delivery sent =
          claimed.apply(DeliveryEvent.ACCEPTED, T0.plusSeconds(1)).withAttempt("p", null);
      DeliveryAttempt attempt =
          new DeliveryAttempt(
              claimed.id(),
              TENANT,
              1,
              "smtp",
              T0,
              T0.plusSeconds(1),
              DeliveryAttempt.Outcome.ACCEPTED,
              "p",
              null);
      store.update(
          new DeliveryUpdate(
              sent,
              claimed.version(),
              "w",
              attempt,
              StateChange.between(claimed, sent, null),
              List.of()));
    }
    Instant cutoff = T0.plus(Duration.ofDays(2));

    assertThat(store.purge(T0, 10)).as("nothing finished before T0").isZero();
    assertThat(store.purge(cutoff, 2)).isEqualTo(2);
    assertThat(store.purge(cutoff, 2)).isEqualTo(2);
    assertThat(store.purge(cutoff, 2)).isEqualTo(1);
    assertThat(store.purge(cutoff, 2)).isZero();

    NewMessage gone = messages.get(0);
    assertThat(store.message(TENANT, gone.message().id())).isEmpty();
    assertThat(store.deliveries(TENANT, gone.message().id())).isEmpty();
    assertThat(store.timeline(TENANT, gone.message().id())).isEmpty();
    assertThat(store.attempts(TENANT, gone.deliveries().get(0).id())).isEmpty();
    assertThat(store.deliveries(TENANT, stillQueued.message().id())).hasSize(1);
    assertThat(enqueue(Fixtures.message(TENANT, "key-0", 1, T0)).get(0).duplicate())
        .as("a purged message's key may be used again")
        .isFalse();
  }

  @Test
  void aFollowUpDeliveryIsInsertedWithTheUpdateThatCausedIt() {
    NewMessage nm = Fixtures.message(TENANT, null, 1, T0);
    enqueue(nm);
    Delivery claimed = claim("w", 1, T0).get(0);
    Delivery failed = claimed.apply(DeliveryEvent.REJECTED, T0.plusSeconds(1));
    Delivery fallback =
        Fixtures.delivery(
            nm.message(),
            nm.message().recipients().get(0),
            dev.communicable.channel.ChannelType.SMS,
            T0.plusSeconds(1));

    assertThat(
            store.update(
                new DeliveryUpdate(
                    failed,
                    claimed.version(),
                    "w",
                    null,
                    StateChange.between(claimed, failed, "bounced"),
                    List.of(fallback))))
        .isTrue();

    assertThat(store.deliveries(TENANT, nm.message().id())).containsExactly(failed, fallback);
    assertThat(claim("w", 10, T0.plusSeconds(2)))
        .extracting(Delivery::id)
        .containsExactly(fallback.id());
    Set<DeliveryState> states = new HashSet<>();
    store.timeline(TENANT, nm.message().id()).forEach(c -> states.add(c.to()));
    assertThat(states).contains(DeliveryState.FAILED, DeliveryState.QUEUED);
  }
}
