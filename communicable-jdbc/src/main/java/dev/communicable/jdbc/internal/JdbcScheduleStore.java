package dev.communicable.jdbc.internal;

import static dev.communicable.jdbc.internal.schema.Tables.SCHEDULES;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;

import dev.communicable.Arguments;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.jdbc.internal.schema.tables.Schedules;
import dev.communicable.jdbc.internal.schema.tables.records.SchedulesRecord;
import dev.communicable.schedule.Cron;
import dev.communicable.schedule.Schedule;
import dev.communicable.schedule.ScheduleState;
import dev.communicable.schedule.ScheduleStatus;
import dev.communicable.spi.ScheduleStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * Schedules in one table, {@code communication.schedules}, claimed like the delivery queue: on
 * PostgreSQL in one statement ({@code UPDATE ... WHERE (tenant_id, id) IN (SELECT ... ORDER BY
 * due_at LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING *}); on H2, whose {@code SKIP LOCKED} with an
 * ORDER BY on a non-key column locks every matching row, candidates first, then the lock without
 * ORDER BY, then the update (see {@link H2Claim}). {@code due_at} is what a claim looks at: the
 * next run while ACTIVE and not leased, the lease end while leased, null otherwise.
 */
public final class JdbcScheduleStore implements ScheduleStore {
  /** An H2 claim looks at this many times its limit of the first due rows. */
  private static final int H2_CANDIDATES_PER_CLAIM = 4;

  private final Database db;

  public JdbcScheduleStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public ScheduleState save(Schedule schedule, @Nullable Instant nextRunAt, Instant now) {
    Arguments.notNull("schedule", schedule);
    Arguments.notNull("now", now);
    Schedules s = SCHEDULES;
    return db.transaction(
        "saving schedule '" + schedule.id() + "'",
        tx -> {
          SchedulesRecord old = lockedRow(tx, schedule.tenantId(), schedule.id());
          if (old == null) {
            ScheduleStatus status = statusFor(ScheduleStatus.ACTIVE, nextRunAt);
            SchedulesRecord r = tx.newRecord(s);
            write(r, schedule);
            r.setStatus(status.name());
            r.setNextRunAt(nextRunAt);
            r.setDueAt(status == ScheduleStatus.ACTIVE ? nextRunAt : null);
            r.setVersion(1L);
            r.setCreatedAt(now);
            r.setUpdatedAt(now);
            int inserted = tx.insertInto(s).set(r).onConflictDoNothing().execute();
            if (inserted == 1) {
              return state(r);
            }
            // Another transaction created it meanwhile: replace that one.
            old = lockedRow(tx, schedule.tenantId(), schedule.id());
            if (old == null) {
              throw new IllegalStateException("schedule '" + schedule.id() + "' vanished");
            }
          }
          ScheduleStatus status = statusFor(ScheduleStatus.valueOf(old.getStatus()), nextRunAt);
          write(old, schedule);
          old.setStatus(status.name());
          old.setNextRunAt(nextRunAt);
          old.setDueAt(status == ScheduleStatus.ACTIVE ? nextRunAt : null);
          old.setLeaseOwner(null);
          old.setLeaseUntil(null);
          old.setVersion(old.getVersion() + 1);
          old.setUpdatedAt(now);
          tx.update(s).set(old).where(one(schedule.tenantId(), schedule.id())).execute();
          return state(old);
        });
  }

  /** The row of one schedule: its tenant and id. */
  private static Condition one(String tenantId, String id) {
    return SCHEDULES.TENANT_ID.eq(tenantId).and(SCHEDULES.ID.eq(id));
  }

  private static @Nullable SchedulesRecord lockedRow(DSLContext tx, String tenantId, String id) {
    return tx.selectFrom(SCHEDULES).where(one(tenantId, id)).forUpdate().fetchOne();
  }

  private static ScheduleStatus statusFor(ScheduleStatus was, @Nullable Instant nextRunAt) {
    if (was == ScheduleStatus.PAUSED) {
      return ScheduleStatus.PAUSED;
    }
    return nextRunAt == null ? ScheduleStatus.FINISHED : ScheduleStatus.ACTIVE;
  }

  private static void write(SchedulesRecord r, Schedule schedule) {
    Recipient to = schedule.recipient();
    r.setTenantId(schedule.tenantId());
    r.setId(schedule.id());
    r.setCron(schedule.cron().expression());
    r.setZone(schedule.zone().getId());
    r.setRecipientId(to.id());
    r.setContactPoints(Json.contactPoints(to.contactPoints()));
    r.setLocale(to.locale().toLanguageTag());
    r.setTimeZone(to.timeZone().getId());
    r.setEvent(schedule.event());
    r.setTopic(schedule.topic());
    r.setTemplateId(schedule.templateId());
    r.setData(Json.write(schedule.data()));
    r.setChannels(Rows.fallbacks(schedule.channels()));
    r.setPriority(Rows.priority(schedule.priority()));
    r.setStartAt(schedule.startAt().orElse(null));
    r.setEndAt(schedule.endAt().orElse(null));
  }

  private static ScheduleState state(SchedulesRecord r) {
    Recipient to =
        new Recipient(
            r.getRecipientId(),
            r.getTenantId(),
            Json.readContactPoints(r.getContactPoints()),
            Locale.forLanguageTag(r.getLocale()),
            ZoneId.of(r.getTimeZone()));
    List<ChannelType> channels = Rows.fallbacks(r.getChannels());
    Schedule schedule =
        Schedule.builder(r.getId())
            .cron(Cron.parse(r.getCron()))
            .zone(ZoneId.of(r.getZone()))
            .to(to)
            .event(r.getEvent())
            .topic(r.getTopic())
            .template(r.getTemplateId())
            .data(Json.readObjectMap(r.getData()))
            .channels(channels.toArray(ChannelType[]::new))
            .priority(Rows.priority(r.getPriority()))
            .startAt(r.getStartAt())
            .endAt(r.getEndAt())
            .build();
    return new ScheduleState(
        schedule,
        ScheduleStatus.valueOf(r.getStatus()),
        r.getNextRunAt(),
        r.getLastRunAt(),
        r.getVersion(),
        r.getCreatedAt(),
        r.getUpdatedAt());
  }

  @Override
  public Optional<ScheduleState> get(String tenantId, String id) {
    Arguments.notNull("tenantId", tenantId);
    Arguments.notNull("id", id);
    return db.read(
        "reading schedule '" + id + "'",
        ctx ->
            ctx.selectFrom(SCHEDULES)
                .where(one(tenantId, id))
                .fetchOptional()
                .map(JdbcScheduleStore::state));
  }

  @Override
  public List<ScheduleState> list(String tenantId, @Nullable String afterId, int limit) {
    Arguments.notNull("tenantId", tenantId);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    Condition after = afterId == null ? DSL.noCondition() : SCHEDULES.ID.gt(afterId);
    return db.read(
        "listing the schedules of tenant '" + tenantId + "'",
        ctx ->
            ctx.selectFrom(SCHEDULES)
                .where(SCHEDULES.TENANT_ID.eq(tenantId))
                .and(after)
                .orderBy(SCHEDULES.ID)
                .limit(limit)
                .fetch()
                .map(JdbcScheduleStore::state));
  }

  @Override
  public boolean delete(String tenantId, String id) {
    Arguments.notNull("tenantId", tenantId);
    Arguments.notNull("id", id);
    return db.transaction(
            "deleting schedule '" + id + "'",
            tx -> tx.deleteFrom(SCHEDULES).where(one(tenantId, id)).execute())
        == 1;
  }

  @Override
  public Optional<ScheduleState> update(
      String tenantId,
      String id,
      long expectedVersion,
      ScheduleStatus status,
      @Nullable Instant nextRunAt,
      Instant now) {
    Arguments.notNull("tenantId", tenantId);
    Arguments.notNull("id", id);
    Arguments.notNull("status", status);
    Arguments.notNull("now", now);
    Schedules s = SCHEDULES;
    return db.transaction(
        "updating schedule '" + id + "'",
        tx -> {
          int updated =
              tx.update(s)
                  .set(s.STATUS, status.name())
                  .set(s.NEXT_RUN_AT, nextRunAt)
                  .set(s.DUE_AT, status == ScheduleStatus.ACTIVE ? nextRunAt : null)
                  .set(s.LEASE_OWNER, (String) null)
                  .set(s.LEASE_UNTIL, (Instant) null)
                  .set(s.VERSION, s.VERSION.plus(1L))
                  .set(s.UPDATED_AT, now)
                  .where(one(tenantId, id))
                  .and(s.VERSION.eq(expectedVersion))
                  .execute();
          if (updated != 1) {
            return Optional.<ScheduleState>empty();
          }
          return Optional.of(state(tx.selectFrom(s).where(one(tenantId, id)).fetchSingle()));
        });
  }

  @Override
  public List<ScheduleState> claimDue(String workerId, int limit, Instant now, Duration lease) {
    Arguments.notBlank("workerId", workerId);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    Arguments.notNull("now", now);
    Arguments.positive("lease", lease);
    Instant until = now.plus(lease);
    List<SchedulesRecord> claimed =
        db.transaction(
            "claiming due schedules",
            tx ->
                db.dialect() == Dialect.POSTGRES
                    ? claimOnPostgres(tx, workerId, limit, now, until)
                    : claimOnH2(tx, workerId, limit, now, until));
    List<ScheduleState> states = new ArrayList<>(claimed.size());
    claimed.stream()
        .sorted(
            java.util.Comparator.comparing(
                    (SchedulesRecord r) -> Objects.requireNonNull(r.getNextRunAt()))
                .thenComparing(SchedulesRecord::getTenantId)
                .thenComparing(SchedulesRecord::getId))
        .forEach(r -> states.add(state(r)));
    return states;
  }

  private static List<SchedulesRecord> claimOnPostgres(
      DSLContext tx, String workerId, int limit, Instant now, Instant until) {
    Schedules q = SCHEDULES.as("q");
    return lease(
            tx,
            row(SCHEDULES.TENANT_ID, SCHEDULES.ID)
                .in(
                    select(q.TENANT_ID, q.ID)
                        .from(q)
                        .where(q.DUE_AT.le(now))
                        .orderBy(q.DUE_AT)
                        .limit(limit)
                        .forUpdate()
                        .skipLocked()),
            workerId,
            now,
            until)
        .returning()
        .fetch();
  }

  private static List<SchedulesRecord> claimOnH2(
      DSLContext tx, String workerId, int limit, Instant now, Instant until) {
    Schedules q = SCHEDULES.as("q");
    List<Record2<String, String>> candidates =
        tx.select(q.TENANT_ID, q.ID)
            .from(q)
            .where(q.DUE_AT.le(now))
            .orderBy(q.DUE_AT)
            .limit(Math.min(limit * H2_CANDIDATES_PER_CLAIM, MAX_LIMIT))
            .fetch();
    if (candidates.isEmpty()) {
      return List.of();
    }
    Set<List<String>> free = new HashSet<>();
    tx.select(SCHEDULES.TENANT_ID, SCHEDULES.ID)
        .from(SCHEDULES)
        .where(keys(candidates))
        .and(SCHEDULES.DUE_AT.le(now))
        .forUpdate()
        .skipLocked()
        .fetch()
        .forEach(r -> free.add(List.of(r.value1(), r.value2())));
    List<Record2<String, String>> locked =
        candidates.stream()
            .filter(r -> free.contains(List.of(r.value1(), r.value2())))
            .limit(limit)
            .toList();
    if (locked.isEmpty()) {
      return List.of();
    }
    lease(tx, keys(locked), workerId, now, until).execute();
    return tx.selectFrom(SCHEDULES).where(keys(locked)).fetch();
  }

  private static Condition keys(List<Record2<String, String>> keys) {
    return DSL.or(keys.stream().map(k -> one(k.value1(), k.value2())).toList());
  }

  private static org.jooq.UpdateConditionStep<SchedulesRecord> lease(
      DSLContext tx, Condition which, String workerId, Instant now, Instant until) {
    Schedules s = SCHEDULES;
    return tx.update(s)
        .set(s.LEASE_OWNER, workerId)
        .set(s.LEASE_UNTIL, until)
        .set(s.DUE_AT, until)
        .set(s.VERSION, s.VERSION.plus(1L))
        .set(s.UPDATED_AT, now)
        .where(which);
  }

  @Override
  public boolean advance(
      String tenantId,
      String id,
      long expectedVersion,
      String workerId,
      Instant lastRunAt,
      @Nullable Instant nextRunAt,
      Instant now) {
    Arguments.notNull("tenantId", tenantId);
    Arguments.notNull("id", id);
    Arguments.notNull("workerId", workerId);
    Arguments.notNull("lastRunAt", lastRunAt);
    Arguments.notNull("now", now);
    Schedules s = SCHEDULES;
    ScheduleStatus status = nextRunAt == null ? ScheduleStatus.FINISHED : ScheduleStatus.ACTIVE;
    return db.transaction(
            "advancing schedule '" + id + "'",
            tx ->
                tx.update(s)
                    .set(s.STATUS, status.name())
                    .set(s.LAST_RUN_AT, lastRunAt)
                    .set(s.NEXT_RUN_AT, nextRunAt)
                    .set(s.DUE_AT, nextRunAt)
                    .set(s.LEASE_OWNER, (String) null)
                    .set(s.LEASE_UNTIL, (Instant) null)
                    .set(s.VERSION, s.VERSION.plus(1L))
                    .set(s.UPDATED_AT, now)
                    .where(one(tenantId, id))
                    .and(s.VERSION.eq(expectedVersion))
                    .and(s.LEASE_OWNER.eq(workerId))
                    .and(s.STATUS.eq(ScheduleStatus.ACTIVE.name()))
                    .execute())
        == 1;
  }
}
