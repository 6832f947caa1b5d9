package dev.communicable.jdbc;

import static dev.communicable.testkit.TestData.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Recipient;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.spi.ClaimedDelivery;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.DeliveryUpdate;
import dev.communicable.spi.EnqueueOutcome;
import dev.communicable.spi.NewMessage;
import dev.communicable.spi.StoredDelivery;
import dev.communicable.testkit.TestData;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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

/**
 * What the JDBC delivery queue does beyond {@code DeliveryStoreContract}, which both databases also
 * pass: batches of updates longer than one statement, claimers on separate connections, and the
 * take-over mark across both write paths. Run on H2 and on PostgreSQL by the subclasses.
 */
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

  private List<StoredDelivery> claim(String worker, int limit, Instant now) {
    return store.claim(worker, limit, now, LEASE).stream().map(ClaimedDelivery::stored).toList();
  }

  /** A message of {@link #TENANT} to {@code recipients} recipients, one e-mail delivery each. */
  private static NewMessage message(int recipients) {
    List<Recipient> who = new ArrayList<>();
    for (int i = 0; i < recipients; i++) {
      who.add(TestData.recipient(TENANT, "user-" + i));
    }
    return TestData.newMessage(TestData.message(TENANT).recipients(who).build());
  }

  private List<EnqueueOutcome> enqueue(NewMessage... messages) {
    return store.enqueue(List.of(messages));
  }

  @Test
  void
      a_batch_longer_than_one_statement_writes_every_winner_and_skips_each_loser_wherever_it_stands() {
    int size = 2_500; // on PostgreSQL three UPDATE ... FROM (VALUES ...) of up to 1,000 each
    NewMessage nm = message(size);
    enqueue(nm);
    List<StoredDelivery> claimed = claim("worker-a", size, T0);
    assertThat(claimed).hasSize(size);
    Instant at = T0.plusSeconds(1);
    Set<Integer> leaseLost = Set.of(0, 999, 1_000, 2_499);
    int versionLost = 1_500;
    StoredDelivery moved = claimed.get(versionLost);
    Delivery cancelled = moved.delivery().apply(DeliveryEvent.CANCEL, at);
    assertThat(
            store.update(DeliveryUpdate.of(moved, cancelled, null, null, "cancelled", List.of())))
        .isTrue();
    List<DeliveryUpdate> updates = new ArrayList<>(size);
    List<Boolean> expected = new ArrayList<>(size);
    for (int i = 0; i < size; i++) {
      StoredDelivery before = claimed.get(i);
      Delivery sent =
          before.delivery().apply(DeliveryEvent.ACCEPTED, at).withAttempt("pm-" + i, null);
      String owner = leaseLost.contains(i) ? "worker-b" : "worker-a";
      updates.add(DeliveryUpdate.of(before, sent, owner, null, "accepted", List.of()));
      expected.add(!leaseLost.contains(i) && i != versionLost);
    }

    assertThat(store.updateAll(updates)).isEqualTo(expected);

    Map<DeliveryId, StoredDelivery> stored = new HashMap<>();
    for (StoredDelivery d : store.deliveries(TENANT, nm.message().id())) {
      stored.put(d.id(), d);
    }
    for (int i = 0; i < size; i++) {
      StoredDelivery now = stored.get(claimed.get(i).id());
      if (expected.get(i)) {
        assertThat(now).isEqualTo(claimed.get(i).next(updates.get(i).delivery()));
      } else if (i == versionLost) {
        assertThat(now).isEqualTo(moved.next(cancelled));
      } else {
        assertThat(now).isEqualTo(claimed.get(i));
      }
    }
    assertThat(store.timeline(TENANT, nm.message().id()))
        .filteredOn(c -> c.to() == DeliveryState.SENT)
        .hasSize(size - leaseLost.size() - 1);
  }

  @Test
  void concurrent_workers_never_claim_the_same_delivery() throws Exception {
    List<NewMessage> batch = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      batch.add(message(5));
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
                    List<StoredDelivery> claimed = claim(worker, 25, T0.plusSeconds(1));
                    for (StoredDelivery d : claimed) {
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

  /**
   * The claim keeps the replaced lease owner in {@code claimed_from}; each guarded update clears
   * it, whether it runs as its own statement or in an {@code UPDATE ... FROM (VALUES ...)}.
   */
  @Test
  void a_delivery_handed_back_by_either_write_path_is_claimed_afresh_not_taken_over() {
    enqueue(message(3));
    assertThat(claim("worker-a", 10, T0)).hasSize(3);
    Instant afterLease = T0.plus(LEASE).plusMillis(1);
    List<ClaimedDelivery> takenOver = store.claim("worker-b", 10, afterLease, LEASE);
    assertThat(takenOver)
        .hasSize(3)
        .allSatisfy(c -> assertThat(c.takenOverFrom()).isEqualTo("worker-a"));
    List<DeliveryUpdate> handBacks = new ArrayList<>();
    for (ClaimedDelivery c : takenOver) {
      Delivery deferred = c.delivery().apply(DeliveryEvent.DEFER, afterLease);
      handBacks.add(
          DeliveryUpdate.of(c.stored(), deferred, "worker-b", null, "handed back", List.of()));
    }

    assertThat(store.update(handBacks.get(0))).isTrue();
    assertThat(store.updateAll(handBacks.subList(1, 3))).containsExactly(true, true);

    assertThat(store.claim("worker-c", 10, afterLease, LEASE))
        .hasSize(3)
        .allSatisfy(c -> assertThat(c.takenOver()).isFalse());
  }
}
