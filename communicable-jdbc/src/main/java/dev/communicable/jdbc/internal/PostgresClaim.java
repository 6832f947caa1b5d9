package dev.communicable.jdbc.internal;

import static dev.communicable.jdbc.internal.schema.Tables.DELIVERIES;
import static org.jooq.impl.DSL.select;

import dev.communicable.jdbc.internal.schema.tables.Deliveries;
import dev.communicable.jdbc.internal.schema.tables.records.DeliveriesRecord;
import java.time.Instant;
import java.util.List;
import org.jooq.DSLContext;

/**
 * The claim on PostgreSQL, one statement: {@code UPDATE deliveries SET ... WHERE id IN (SELECT id
 * ... ORDER BY priority DESC, due_at LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING *}. The sub-select
 * walks the partial queue index from the first due row and locks only the rows it returns, so
 * concurrent claimers on every node each get their own rows without waiting for one another. Rows
 * still leased (SENDING, lease not yet run out) keep their due time in the index and are passed
 * over; there are as many as deliveries in flight.
 */
final class PostgresClaim implements Claim {

  @Override
  public List<DeliveriesRecord> lease(
      DSLContext tx, String workerId, int limit, Instant now, Instant until) {
    Deliveries q = DELIVERIES.as("q");
    return Claim.leaseRows(
        tx,
        DELIVERIES.ID.in(
            select(q.ID)
                .from(q)
                .where(Claim.claimable(q, now))
                .orderBy(q.PRIORITY.desc(), q.DUE_AT)
                .limit(limit)
                .forUpdate()
                .skipLocked()),
        workerId,
        now,
        until);
  }
}
