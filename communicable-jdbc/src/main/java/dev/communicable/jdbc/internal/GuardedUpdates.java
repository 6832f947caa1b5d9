package dev.communicable.jdbc.internal;

import static dev.communicable.jdbc.internal.schema.Tables.DELIVERIES;
import static org.jooq.impl.DSL.cast;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.noCondition;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.values;
import static org.jooq.impl.DSL.when;

import dev.communicable.StoreException;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.jdbc.internal.schema.tables.Deliveries;
import dev.communicable.jdbc.internal.schema.tables.records.DeliveriesRecord;
import dev.communicable.spi.DeliveryUpdate;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.RowN;
import org.jooq.Table;
import org.jooq.UpdateConditionStep;
import org.jspecify.annotations.Nullable;

/**
 * The guarded UPDATEs of a batch of delivery updates, in the caller's transaction. Each is guarded
 * by the delivery's version (and lease owner, when given), so one that lost its race matches no row
 * and writes nothing. On PostgreSQL, when no delivery appears twice, the batch is one {@code UPDATE
 * ... FROM (VALUES ...) RETURNING id}; otherwise each update is its own statement in one JDBC
 * batch, its row count read. Both paths write the same columns, listed once in {@link #WRITTEN},
 * and move the version one on.
 *
 * <p>The lease is the row's own: an update keeps it while the new state is SENDING and clears it
 * otherwise ({@code due_at} is the delivery's due time in both cases), as {@link
 * dev.communicable.spi.StoredDelivery#next} says. One statement per update decides that in Java;
 * the VALUES statement, whose rows differ, with a {@code CASE} on each row's new status. The
 * take-overs a claim counted are kept, except by the replay of a dead letter (DEAD_LETTERED to
 * QUEUED), which resets them to 0.
 */
final class GuardedUpdates {
  /** Updates per {@code UPDATE ... FROM (VALUES ...)}: 14 bind values each, under 65,535. */
  private static final int UPDATES_PER_STATEMENT = 1_000;

  private static final String EXPECTED_VERSION = "expected_version";
  private static final String LEASE_GUARD = "lease_guard";
  private static final String SENDING = DeliveryState.SENDING.name();
  private static final String QUEUED = DeliveryState.QUEUED.name();
  private static final String DEAD_LETTERED = DeliveryState.DEAD_LETTERED.name();

  /** A column a guarded update writes, and its value for the delivery's new state. */
  private record Written(Field<?> column, Function<Delivery, @Nullable Object> value) {}

  /**
   * The columns a guarded update writes from the new delivery, one statement per update or from a
   * VALUES row alike ({@code due_at} included; the version, the lease and {@code claimed_from}
   * apart).
   */
  private static final List<Written> WRITTEN =
      List.of(
          new Written(DELIVERIES.STATUS, d -> d.state().name()),
          new Written(DELIVERIES.ATTEMPTS, Delivery::attempts),
          new Written(DELIVERIES.SCHEDULED_AT, Delivery::scheduledAt),
          new Written(DELIVERIES.EXPIRES_AT, Delivery::expiresAt),
          new Written(DELIVERIES.UPDATED_AT, Delivery::updatedAt),
          new Written(DELIVERIES.DUE_AT, Rows::dueAt),
          new Written(DELIVERIES.ADDRESS, d -> d.route().address()),
          new Written(DELIVERIES.FALLBACKS, d -> Rows.fallbacks(d.fallbacks())),
          new Written(DELIVERIES.PROVIDER_MESSAGE_ID, Delivery::providerMessageId),
          new Written(DELIVERIES.LAST_ERROR, Delivery::lastError));

  /** The names of a VALUES row's columns: the key, the two guards, then {@link #WRITTEN}. */
  private static final String[] VALUES_COLUMNS = valuesColumns();

  private GuardedUpdates() {}

  /**
   * Runs the guarded UPDATEs of {@code updates} in list order.
   *
   * @return for each update, whether it won (its delivery was written)
   */
  static boolean[] write(DSLContext tx, Dialect dialect, List<DeliveryUpdate> updates) {
    return updates.size() > 1 && dialect.updatesFromValues() && distinctDeliveries(updates)
        ? writeFromValues(tx, updates)
        : writeOneByOne(tx, updates);
  }

  private static String[] valuesColumns() {
    List<String> names = new ArrayList<>();
    names.add(DELIVERIES.ID.getName());
    names.add(DELIVERIES.TENANT_ID.getName());
    names.add(EXPECTED_VERSION);
    names.add(LEASE_GUARD);
    for (Written w : WRITTEN) {
      names.add(w.column().getName());
    }
    return names.toArray(String[]::new);
  }

  /**
   * The guarded UPDATEs one statement each, sent as one JDBC batch and run in list order, so a
   * later update of the same delivery sees what an earlier one wrote; each wins when its row count
   * is 1.
   */
  private static boolean[] writeOneByOne(DSLContext tx, List<DeliveryUpdate> updates) {
    List<Query> guarded = new ArrayList<>(updates.size());
    for (DeliveryUpdate update : updates) {
      guarded.add(guardedUpdate(tx, update));
    }
    int[] counts =
        guarded.size() == 1 ? new int[] {guarded.get(0).execute()} : tx.batch(guarded).execute();
    boolean[] winners = new boolean[updates.size()];
    for (int i = 0; i < winners.length; i++) {
      winners[i] = rowsWritten(counts, i) == 1;
    }
    return winners;
  }

  /** True when no delivery appears twice in {@code updates}. */
  private static boolean distinctDeliveries(List<DeliveryUpdate> updates) {
    Set<UUID> seen = new HashSet<>();
    for (DeliveryUpdate update : updates) {
      if (!seen.add(update.delivery().id().value())) {
        return false;
      }
    }
    return true;
  }

  /**
   * The guarded UPDATEs of distinct deliveries as one statement per {@link #UPDATES_PER_STATEMENT}:
   * {@code UPDATE deliveries SET ... FROM (VALUES (...), ...) v WHERE id = v.id AND tenant_id =
   * v.tenant_id AND version = v.expected_version AND (v.lease_guard IS NULL OR lease_owner =
   * v.lease_guard) RETURNING id}. Each delivery meets at most one row of the list, so an update
   * wins exactly when its id comes back; one whose guard fails is simply not joined.
   */
  private static boolean[] writeFromValues(DSLContext tx, List<DeliveryUpdate> updates) {
    Deliveries d = DELIVERIES;
    Set<UUID> written = new HashSet<>();
    for (int from = 0; from < updates.size(); from += UPDATES_PER_STATEMENT) {
      List<DeliveryUpdate> chunk =
          updates.subList(from, Math.min(updates.size(), from + UPDATES_PER_STATEMENT));
      RowN[] rows = new RowN[chunk.size()];
      for (int i = 0; i < rows.length; i++) {
        rows[i] = valuesRow(chunk.get(i));
      }
      Table<?> v = values(rows).as("v", VALUES_COLUMNS);
      Map<Field<?>, Field<?>> set = new LinkedHashMap<>();
      for (Written w : WRITTEN) {
        set.put(w.column(), v.field(w.column().getName(), w.column().getDataType()));
      }
      // Kept while the row's new status is SENDING, else cleared (a CASE without ELSE is null).
      Condition sending = v.field(d.STATUS.getName(), d.STATUS.getDataType()).eq(SENDING);
      set.put(d.LEASE_OWNER, when(sending, d.LEASE_OWNER));
      set.put(d.LEASE_UNTIL, when(sending, d.LEASE_UNTIL));
      set.put(d.VERSION, d.VERSION.plus(1L));
      set.put(d.CLAIMED_FROM, inline(null, d.CLAIMED_FROM));
      Condition queued = v.field(d.STATUS.getName(), d.STATUS.getDataType()).eq(QUEUED);
      set.put(d.TAKEOVERS, takeoversAfter(queued));
      Field<String> leaseGuard = v.field(LEASE_GUARD, d.LEASE_OWNER.getDataType());
      written.addAll(
          tx.update(d)
              .set(set)
              .from(v)
              .where(d.ID.eq(v.field(d.ID.getName(), d.ID.getDataType())))
              .and(d.TENANT_ID.eq(v.field(d.TENANT_ID.getName(), d.TENANT_ID.getDataType())))
              .and(d.VERSION.eq(v.field(EXPECTED_VERSION, d.VERSION.getDataType())))
              .and(leaseGuard.isNull().or(d.LEASE_OWNER.eq(leaseGuard)))
              .returningResult(d.ID)
              .fetch(d.ID));
    }
    boolean[] winners = new boolean[updates.size()];
    for (int i = 0; i < winners.length; i++) {
      winners[i] = written.contains(updates.get(i).delivery().id().value());
    }
    return winners;
  }

  /**
   * One update's row of the VALUES list, in the order of {@link #VALUES_COLUMNS}; every value cast
   * to its column's type, so PostgreSQL types the list's columns as the table's, nulls included.
   */
  private static RowN valuesRow(DeliveryUpdate update) {
    Delivery next = update.delivery();
    Deliveries d = DELIVERIES;
    List<Field<?>> values = new ArrayList<>(VALUES_COLUMNS.length);
    values.add(typed(d.ID, next.id().value()));
    values.add(typed(d.TENANT_ID, next.tenantId()));
    values.add(typed(d.VERSION, update.expectedVersion()));
    values.add(typed(d.LEASE_OWNER, update.leaseOwner()));
    for (Written w : WRITTEN) {
      values.add(typed(w.column(), w.value().apply(next)));
    }
    return row(values);
  }

  /**
   * The take-overs a write keeps: 0 when it replays a dead letter (the row is DEAD_LETTERED and
   * {@code toQueued} holds), else the row's own.
   */
  private static Field<Integer> takeoversAfter(Condition toQueued) {
    Deliveries d = DELIVERIES;
    return when(d.STATUS.eq(DEAD_LETTERED).and(toQueued), inline(0)).otherwise(d.TAKEOVERS);
  }

  private static Field<?> typed(Field<?> column, @Nullable Object value) {
    return cast(val(value, column.getDataType()), column.getDataType());
  }

  /** The UPDATE of one delivery, guarded by its version (and lease owner, when given). */
  private static Query guardedUpdate(DSLContext tx, DeliveryUpdate update) {
    Delivery next = update.delivery();
    Deliveries d = DELIVERIES;
    Map<Field<?>, @Nullable Object> set = new LinkedHashMap<>();
    for (Written w : WRITTEN) {
      set.put(w.column(), w.value().apply(next));
    }
    if (next.state() != DeliveryState.SENDING) {
      set.put(d.LEASE_OWNER, null);
      set.put(d.LEASE_UNTIL, null);
    }
    set.put(d.VERSION, d.VERSION.plus(1L));
    set.put(d.CLAIMED_FROM, null);
    if (next.state() == DeliveryState.QUEUED) {
      set.put(d.TAKEOVERS, takeoversAfter(noCondition()));
    }
    UpdateConditionStep<DeliveriesRecord> write =
        tx.update(d)
            .set(set)
            .where(d.ID.eq(next.id().value()))
            .and(d.TENANT_ID.eq(next.tenantId()))
            .and(d.VERSION.eq(update.expectedVersion()));
    if (update.leaseOwner() != null) {
      write = write.and(d.LEASE_OWNER.eq(update.leaseOwner()));
    }
    return write;
  }

  /**
   * The rows the {@code i}th statement of a batch changed. A driver may answer {@link
   * Statement#SUCCESS_NO_INFO} instead of a count; the guarded UPDATE then cannot tell a lost race
   * from a win, so that is refused rather than guessed.
   */
  private static int rowsWritten(int[] counts, int i) {
    if (counts.length <= i || counts[i] == Statement.SUCCESS_NO_INFO) {
      throw new StoreException(
          "the JDBC driver did not report how many rows a guarded delivery update changed",
          false,
          null);
    }
    return counts[i];
  }
}
