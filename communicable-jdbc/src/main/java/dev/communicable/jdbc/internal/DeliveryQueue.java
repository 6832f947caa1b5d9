package dev.communicable.jdbc.internal;

import static dev.communicable.jdbc.internal.schema.Tables.DEAD_LETTERS;
import static dev.communicable.jdbc.internal.schema.Tables.DELIVERIES;
import static dev.communicable.jdbc.internal.schema.Tables.DELIVERY_ATTEMPTS;
import static dev.communicable.jdbc.internal.schema.Tables.DELIVERY_EVENTS;
import static dev.communicable.jdbc.internal.schema.Tables.IDEMPOTENCY_KEYS;
import static dev.communicable.jdbc.internal.schema.Tables.MESSAGES;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.selectOne;

import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.delivery.StateChange;
import dev.communicable.jdbc.internal.schema.tables.Deliveries;
import dev.communicable.jdbc.internal.schema.tables.records.DeliveriesRecord;
import dev.communicable.jdbc.internal.schema.tables.records.DeliveryAttemptsRecord;
import dev.communicable.jdbc.internal.schema.tables.records.DeliveryEventsRecord;
import dev.communicable.spi.ClaimedDelivery;
import dev.communicable.spi.DeliveryUpdate;
import dev.communicable.spi.EnqueueOutcome;
import dev.communicable.spi.NewMessage;
import dev.communicable.spi.StoredDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jspecify.annotations.Nullable;

/**
 * The writes of the delivery queue: enqueue, claim, the guarded state updates, purge, and the
 * signals that wake idle workers. Every method is one transaction. Arguments are checked by {@link
 * JdbcDeliveryStore} before they get here.
 */
final class DeliveryQueue implements AutoCloseable {
  private static final String QUEUED = DeliveryState.QUEUED.name();
  private static final String SENDING = DeliveryState.SENDING.name();

  /** What one purge removed: how many deliveries, and the messages they belonged to. */
  record Purged(int deliveries, Set<UUID> messageIds) {}

  private final Database db;
  private final Claim claim;
  private final WorkSignals signals;
  private volatile boolean asynchronousStateCommits;

  DeliveryQueue(Database db) {
    this.db = db;
    this.claim = Claim.of(db.dialect());
    this.signals = new WorkSignals(db);
  }

  /** See {@link JdbcDeliveryStore#asynchronousStateCommits(boolean)}. */
  void asynchronousStateCommits(boolean on) {
    this.asynchronousStateCommits = on;
  }

  private void relaxCommit(DSLContext tx) {
    if (asynchronousStateCommits && db.dialect() == Dialect.POSTGRES) {
      tx.query("set local synchronous_commit = off").execute();
    }
  }

  /** Writes the messages (validated by the caller) and wakes this node's workers. */
  List<EnqueueOutcome> enqueue(List<NewMessage> messages) {
    if (messages.isEmpty()) {
      return List.of();
    }
    List<EnqueueOutcome> outcomes =
        db.transaction(
            "enqueueing " + messages.size() + " message(s)",
            tx -> Enqueuer.write(tx, db.dialect(), messages));
    if (outcomes.stream().anyMatch(o -> !o.duplicate())) {
      signals.signalLocally();
    }
    return outcomes;
  }

  /**
   * Leases the rows the database's {@link Claim} picks, records a timeline entry for each and
   * returns them in queue order. The lease UPDATE keeps the lease owner it replaces in {@code
   * claimed_from} and returns it, so a take-over costs no extra query.
   */
  List<ClaimedDelivery> claim(String workerId, int limit, Instant now, Duration lease) {
    Instant until = now.plus(lease);
    return db.transaction(
        "claiming deliveries for " + workerId,
        tx -> {
          relaxCommit(tx);
          List<DeliveriesRecord> rows = claim.lease(tx, workerId, limit, now, until);
          if (rows.isEmpty()) {
            return List.of();
          }
          List<ClaimedDelivery> claimed = new ArrayList<>(rows.size());
          List<DeliveryEventsRecord> events = new ArrayList<>(rows.size());
          for (DeliveriesRecord row : rows) {
            StoredDelivery stored = Rows.stored(row);
            String previous = row.getClaimedFrom();
            claimed.add(new ClaimedDelivery(stored, previous));
            events.add(Rows.event(claimChange(stored.delivery(), previous, workerId, now)));
          }
          Enqueuer.insertAll(tx, DELIVERY_EVENTS, events, DELIVERY_EVENTS.SEQ);
          claimed.sort(
              Comparator.comparing((ClaimedDelivery x) -> Rows.priority(x.delivery().priority()))
                  .reversed()
                  .thenComparing(x -> x.delivery().scheduledAt()));
          return claimed;
        });
  }

  /** The timeline entry of a claim; {@code previous} is the worker whose lease ran out, if any. */
  private static StateChange claimChange(
      Delivery claimed, @Nullable String previous, String workerId, Instant now) {
    return new StateChange(
        claimed.tenantId(),
        claimed.messageId(),
        claimed.id(),
        claimed.channel(),
        previous == null ? DeliveryState.QUEUED : DeliveryState.SENDING,
        DeliveryState.SENDING,
        now,
        previous == null
            ? "claimed by " + workerId
            : "taken over by " + workerId + " after the lease of " + previous + " ran out");
  }

  /**
   * One transaction for the whole list: the {@link GuardedUpdates}, then multi-row inserts of the
   * winners' follow-ups, attempts and timeline entries, the winners' dead-letter rows, and one
   * COMMIT.
   */
  List<Boolean> updateAll(List<DeliveryUpdate> updates) {
    if (updates.isEmpty()) {
      return List.of();
    }
    String what =
        updates.size() == 1
            ? "updating delivery " + updates.get(0).delivery().id()
            : "updating " + updates.size() + " deliveries";
    List<Boolean> written =
        db.transaction(
            what,
            tx -> {
              relaxCommit(tx);
              boolean[] winners = GuardedUpdates.write(tx, db.dialect(), updates);
              List<Boolean> won = new ArrayList<>(updates.size());
              List<DeliveriesRecord> followUps = new ArrayList<>();
              List<DeliveryAttemptsRecord> attempts = new ArrayList<>();
              List<DeliveryEventsRecord> events = new ArrayList<>();
              boolean wake = false;
              for (int i = 0; i < updates.size(); i++) {
                DeliveryUpdate update = updates.get(i);
                boolean winner = winners[i];
                won.add(winner);
                if (!winner) {
                  continue;
                }
                Delivery next = update.delivery();
                if (update.attempt() != null) {
                  attempts.add(Rows.attempt(update.attempt(), next.messageId()));
                }
                events.add(Rows.event(update.change()));
                for (Delivery f : update.followUps()) {
                  followUps.add(Rows.record(f));
                  events.add(Rows.event(StateChange.between(null, f, null)));
                }
                wake |= wakesWorkers(update);
              }
              Enqueuer.insertAll(tx, DELIVERIES, followUps, DELIVERIES.SEQ);
              Enqueuer.insertAll(tx, DELIVERY_ATTEMPTS, attempts);
              Enqueuer.insertAll(tx, DELIVERY_EVENTS, events, DELIVERY_EVENTS.SEQ);
              for (int i = 0; i < updates.size(); i++) {
                if (won.get(i)) {
                  recordDeadLetter(tx, updates.get(i));
                }
              }
              if (wake && db.dialect().notifies()) {
                Enqueuer.notifyWork(tx);
              }
              return won;
            });
    for (int i = 0; i < updates.size(); i++) {
      if (written.get(i) && wakesWorkers(updates.get(i))) {
        signals.signalLocally();
        break;
      }
    }
    return written;
  }

  /** New deliveries, or one due now again (deferred at shutdown, replayed) may be taken at once. */
  private static boolean wakesWorkers(DeliveryUpdate update) {
    Delivery next = update.delivery();
    return !update.followUps().isEmpty()
        || next.state() == DeliveryState.QUEUED && !next.scheduledAt().isAfter(next.updatedAt());
  }

  private static void recordDeadLetter(DSLContext tx, DeliveryUpdate update) {
    Delivery next = update.delivery();
    if (next.state() == DeliveryState.DEAD_LETTERED) {
      tx.insertInto(DEAD_LETTERS)
          .set(DEAD_LETTERS.DELIVERY_ID, next.id().value())
          .set(DEAD_LETTERS.TENANT_ID, next.tenantId())
          .set(DEAD_LETTERS.MESSAGE_ID, next.messageId().value())
          .set(DEAD_LETTERS.REASON, next.lastError())
          .set(DEAD_LETTERS.DEAD_LETTERED_AT, next.updatedAt())
          .execute();
    } else if (update.change().from() == DeliveryState.DEAD_LETTERED) {
      tx.deleteFrom(DEAD_LETTERS).where(DEAD_LETTERS.DELIVERY_ID.eq(next.id().value())).execute();
    }
  }

  /**
   * Deletes up to {@code batchSize} finished deliveries last changed before {@code before}, with
   * their history, then the messages (and idempotency keys) left with no delivery.
   */
  Purged purge(Instant before, int batchSize) {
    Set<UUID> messages = new LinkedHashSet<>();
    int removed =
        db.transaction(
            "purging finished deliveries",
            tx -> {
              Deliveries d = DELIVERIES;
              List<Record2<UUID, UUID>> finished =
                  tx.select(d.ID, d.MESSAGE_ID)
                      .from(d)
                      .where(d.STATUS.notIn(QUEUED, SENDING))
                      .and(d.UPDATED_AT.lt(before))
                      .orderBy(d.UPDATED_AT)
                      .limit(batchSize)
                      .forUpdate()
                      .skipLocked()
                      .fetch();
              if (finished.isEmpty()) {
                return 0;
              }
              List<UUID> ids = new ArrayList<>(finished.size());
              for (Record2<UUID, UUID> r : finished) {
                ids.add(r.value1());
                messages.add(r.value2());
              }
              // Attempts, timeline entries and dead-letter rows go with them (ON DELETE CASCADE).
              int count = tx.deleteFrom(d).where(d.ID.in(ids)).execute();
              Condition orphan = notExists(selectOne().from(d).where(d.MESSAGE_ID.eq(MESSAGES.ID)));
              tx.deleteFrom(IDEMPOTENCY_KEYS)
                  .where(IDEMPOTENCY_KEYS.MESSAGE_ID.in(messages))
                  .and(
                      notExists(
                          selectOne().from(d).where(d.MESSAGE_ID.eq(IDEMPOTENCY_KEYS.MESSAGE_ID))))
                  .execute();
              tx.deleteFrom(MESSAGES).where(MESSAGES.ID.in(messages)).and(orphan).execute();
              return count;
            });
    return new Purged(removed, Set.copyOf(messages));
  }

  AutoCloseable onWorkAvailable(Runnable callback) {
    return signals.register(callback);
  }

  @Override
  public void close() {
    signals.close();
  }
}
