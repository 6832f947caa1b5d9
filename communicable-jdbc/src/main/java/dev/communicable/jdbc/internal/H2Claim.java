package dev.communicable.jdbc.internal;

import static dev.communicable.jdbc.internal.schema.Tables.DELIVERIES;

import dev.communicable.Priority;
import dev.communicable.jdbc.internal.schema.tables.Deliveries;
import dev.communicable.jdbc.internal.schema.tables.records.DeliveriesRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;

/**
 * The claim on H2: candidates first, then the lock. H2 (2.5) runs PostgreSQL's one statement, but
 * with an ORDER BY on a non-key column its {@code FOR UPDATE SKIP LOCKED} locks every matching row
 * (writing each one) and re-evaluates the sub-select: a claim of 25 among 1,000 due rows took
 * seconds. So this claim reads the first due ids without locking, locks those still claimable with
 * {@code FOR UPDATE SKIP LOCKED} (no ORDER BY, so only they are locked) and leases the first of
 * them in queue order, all in the caller's transaction: never the same row to two claimers, though
 * concurrent claimers on one H2 database take turns more than they share.
 */
final class H2Claim implements Claim {
  /**
   * A claim looks at this many times its limit of the first due rows, so that concurrent claimers
   * spread out over them.
   */
  private static final int CANDIDATES_PER_CLAIM = 4;

  /** The highest stored priority; candidates are asked for each priority from this one down. */
  private static final short TOP_PRIORITY = Rows.priority(Priority.CRITICAL);

  @Override
  public List<DeliveriesRecord> lease(
      DSLContext tx, String workerId, int limit, Instant now, Instant until) {
    Deliveries q = DELIVERIES.as("q");
    Condition claimable = Claim.claimable(q, now);
    // One priority at a time, highest first: with the priority fixed H2 walks the (priority desc,
    // due_at nulls last) index from the earliest due row and stops at the limit, never reading the
    // finished rows (due_at null) that sort after them.
    int wanted = Math.min(limit * CANDIDATES_PER_CLAIM, JdbcDeliveryStore.MAX_LIMIT);
    List<UUID> candidates = new ArrayList<>(wanted);
    for (short priority = TOP_PRIORITY; priority >= 0 && candidates.size() < wanted; priority--) {
      candidates.addAll(
          tx.select(q.ID)
              .from(q)
              .where(q.PRIORITY.eq(priority))
              .and(claimable)
              .orderBy(q.PRIORITY.desc(), q.DUE_AT.asc().nullsLast())
              .limit(wanted - candidates.size())
              .fetch(q.ID));
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    Set<UUID> free =
        new HashSet<>(
            tx.select(q.ID)
                .from(q)
                .where(q.ID.in(candidates))
                .and(claimable)
                .forUpdate()
                .skipLocked()
                .fetch(q.ID));
    // Lease the first of them in queue order; the others' locks go at commit.
    List<UUID> locked = candidates.stream().filter(free::contains).limit(limit).toList();
    if (locked.isEmpty()) {
      return List.of();
    }
    return Claim.leaseRows(tx, DELIVERIES.ID.in(locked), workerId, now, until);
  }
}
