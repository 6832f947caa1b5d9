package dev.communicable.jdbc.internal;

import static dev.communicable.jdbc.internal.schema.Tables.DELIVERIES;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.when;

import dev.communicable.delivery.DeliveryState;
import dev.communicable.jdbc.internal.schema.tables.Deliveries;
import dev.communicable.jdbc.internal.schema.tables.records.DeliveriesRecord;
import java.time.Instant;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;

/**
 * How one database picks and leases the rows a claim takes, in the caller's transaction: {@link
 * PostgresClaim} in one statement, {@link H2Claim} candidates first, then the lock. Both end in the
 * same {@link #leaseRows} UPDATE; what a claim then records (timeline entries, take-overs) is the
 * same on every database and stays in {@link DeliveryQueue}. One implementation per {@link
 * Dialect}, as db-scheduler keeps one {@code JdbcCustomization} per database.
 */
interface Claim {
  /** Who a take-over names when a SENDING row somehow carries no lease owner. */
  String UNKNOWN_WORKER = "an unknown worker";

  /**
   * Leases up to {@code limit} claimable rows to {@code workerId} until {@code until}, highest
   * priority and earliest due first, skipping rows another transaction holds.
   *
   * @return the leased rows as written, each with the lease owner it replaced in {@code
   *     claimed_from} (null for a row that was QUEUED), in no particular order
   */
  List<DeliveriesRecord> lease(
      DSLContext tx, String workerId, int limit, Instant now, Instant until);

  /** The claim of {@code dialect}. */
  static Claim of(Dialect dialect) {
    return switch (dialect) {
      case POSTGRES -> new PostgresClaim();
      case H2 -> new H2Claim();
    };
  }

  /**
   * The rows of {@code q} a claim at {@code now} may take: QUEUED and due, or SENDING with a lease
   * that ran out before {@code now} (or with no lease at all). {@code due_at} stays the time a row
   * was due while it is SENDING, so a row taken over is claimed in its original place in the queue,
   * before later work of its priority, not at its lease end.
   */
  static Condition claimable(Deliveries q, Instant now) {
    return q.STATUS
        .in(DeliveryState.QUEUED.name(), DeliveryState.SENDING.name())
        .and(q.DUE_AT.le(now))
        .and(
            q.STATUS
                .eq(DeliveryState.QUEUED.name())
                .or(q.LEASE_UNTIL.isNull())
                .or(q.LEASE_UNTIL.lt(now)));
  }

  /**
   * Leases the rows {@code which} names: SENDING, owned by {@code workerId} until {@code until},
   * version incremented, the replaced lease owner kept in {@code claimed_from} and {@code
   * takeovers} one up for a row taken over (it was SENDING); returns them. {@code due_at} is left
   * as it was, the time the row was due.
   */
  static List<DeliveriesRecord> leaseRows(
      DSLContext tx, Condition which, String workerId, Instant now, Instant until) {
    Deliveries d = DELIVERIES;
    String sending = DeliveryState.SENDING.name();
    return tx.update(d)
        .set(d.CLAIMED_FROM, when(d.STATUS.eq(sending), coalesce(d.LEASE_OWNER, UNKNOWN_WORKER)))
        .set(d.TAKEOVERS, when(d.STATUS.eq(sending), d.TAKEOVERS.plus(1)).otherwise(d.TAKEOVERS))
        .set(d.STATUS, sending)
        .set(d.LEASE_OWNER, workerId)
        .set(d.LEASE_UNTIL, until)
        .set(d.VERSION, d.VERSION.plus(1L))
        .set(d.UPDATED_AT, now)
        .where(which)
        .returning()
        .fetch();
  }
}
