package dev.communicable.jdbc.internal;

import static dev.communicable.jdbc.internal.schema.Tables.WORKFLOW_DIGESTS;
import static dev.communicable.jdbc.internal.schema.Tables.WORKFLOW_DIGEST_ITEMS;
import static dev.communicable.jdbc.internal.schema.Tables.WORKFLOW_RUNS;
import static dev.communicable.jdbc.internal.schema.Tables.WORKFLOW_RUN_STEPS;
import static dev.communicable.jdbc.internal.schema.Tables.WORKFLOW_TRIGGERS;
import static org.jooq.impl.DSL.max;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;

import dev.communicable.Arguments;
import dev.communicable.MessageId;
import dev.communicable.Recipient;
import dev.communicable.jdbc.internal.schema.tables.WorkflowRuns;
import dev.communicable.jdbc.internal.schema.tables.records.WorkflowDigestsRecord;
import dev.communicable.jdbc.internal.schema.tables.records.WorkflowRunsRecord;
import dev.communicable.jdbc.internal.schema.tables.records.WorkflowTriggersRecord;
import dev.communicable.spi.DigestItems;
import dev.communicable.spi.DigestJoin;
import dev.communicable.spi.RunUpdate;
import dev.communicable.spi.StoredRun;
import dev.communicable.spi.TriggeredRuns;
import dev.communicable.spi.WorkflowRunStore;
import dev.communicable.workflow.RunState;
import dev.communicable.workflow.RunStep;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.JSONB;
import org.jooq.Record;
import org.jooq.Record2;
import org.jooq.Result;
import org.jooq.Row2;
import org.jooq.Table;
import org.jspecify.annotations.Nullable;

/**
 * Workflow runs on PostgreSQL and H2. A claim leases due runs as the delivery queue does: on
 * PostgreSQL in one {@code UPDATE ... WHERE id IN (SELECT ... FOR UPDATE SKIP LOCKED) RETURNING};
 * on H2 (whose SKIP LOCKED with an ORDER BY on another column than the key locks every matching
 * row) the first due ids are read first and only those locked, without an order. Every later write
 * is guarded by the run's version and checks its row count: a lost race writes nothing.
 */
public final class JdbcWorkflowRunStore implements WorkflowRunStore {
  private static final List<String> ACTIVE =
      List.of(RunState.RUNNING.name(), RunState.WAITING.name());

  /** A claim on H2 looks at this many times its limit of the first due runs. */
  private static final int CANDIDATES_PER_CLAIM = 4;

  private final Database db;

  public JdbcWorkflowRunStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public TriggeredRuns start(
      String tenantId, String triggerKey, Instant keyExpiresAt, List<StoredRun> runs, Instant now) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("triggerKey", triggerKey);
    Arguments.notNull("keyExpiresAt", keyExpiresAt);
    List<StoredRun> checked = Arguments.noNulls("runs", runs);
    Arguments.notNull("now", now);
    for (StoredRun run : checked) {
      Arguments.check(run.tenantId().equals(tenantId), "runs", "hold another tenant's run");
    }
    return db.transaction(
        "starting workflow runs",
        tx -> {
          WorkflowTriggersRecord first = null;
          // A key seen at the insert may be purged (expired) before it is locked: insert again.
          for (int attempt = 0; ; attempt++) {
            int inserted =
                tx.insertInto(WORKFLOW_TRIGGERS)
                    .set(WORKFLOW_TRIGGERS.TENANT_ID, tenantId)
                    .set(WORKFLOW_TRIGGERS.TRIGGER_KEY, triggerKey)
                    .set(WORKFLOW_TRIGGERS.RUN_IDS, Json.write(ids(checked)))
                    .set(WORKFLOW_TRIGGERS.EXPIRES_AT, keyExpiresAt)
                    .set(WORKFLOW_TRIGGERS.CREATED_AT, now)
                    .onConflictDoNothing()
                    .execute();
            if (inserted == 1) {
              break;
            }
            first =
                tx.selectFrom(WORKFLOW_TRIGGERS)
                    .where(WORKFLOW_TRIGGERS.TENANT_ID.eq(tenantId))
                    .and(WORKFLOW_TRIGGERS.TRIGGER_KEY.eq(triggerKey))
                    .forUpdate()
                    .fetchOptional()
                    .orElse(null);
            if (first != null) {
              break;
            }
            if (attempt == 2) {
              throw new IllegalStateException(
                  "trigger key '" + triggerKey + "' neither inserted nor found");
            }
          }
          if (first != null) {
            if (first.getExpiresAt().isAfter(now)) {
              return new TriggeredRuns(readIds(first.getRunIds()), true);
            }
            tx.update(WORKFLOW_TRIGGERS)
                .set(WORKFLOW_TRIGGERS.RUN_IDS, Json.write(ids(checked)))
                .set(WORKFLOW_TRIGGERS.EXPIRES_AT, keyExpiresAt)
                .set(WORKFLOW_TRIGGERS.CREATED_AT, now)
                .where(WORKFLOW_TRIGGERS.TENANT_ID.eq(tenantId))
                .and(WORKFLOW_TRIGGERS.TRIGGER_KEY.eq(triggerKey))
                .execute();
          }
          for (StoredRun run : checked) {
            tx.executeInsert(record(tx, run));
            appendSteps(
                tx,
                run.tenantId(),
                run.id(),
                0,
                List.of(RunStep.of("start", "run", "started", run.eventName(), now)));
          }
          return new TriggeredRuns(ids(checked).stream().map(UUID::fromString).toList(), false);
        });
  }

  private static List<String> ids(List<StoredRun> runs) {
    return runs.stream().map(r -> r.id().toString()).toList();
  }

  private static List<UUID> readIds(JSONB json) {
    List<UUID> ids = new ArrayList<>();
    for (Object id : Json.readList(json)) {
      ids.add(UUID.fromString(String.valueOf(id)));
    }
    return ids;
  }

  @Override
  public List<StoredRun> claim(String workerId, int limit, Instant now, Instant leaseUntil) {
    Arguments.notBlank("workerId", workerId);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    return db.transaction(
        "claiming workflow runs",
        tx -> {
          WorkflowRuns q = WORKFLOW_RUNS.as("q");
          Condition due =
              q.STATE
                  .in(ACTIVE)
                  .and(q.DUE_AT.le(now))
                  .and(q.LEASE_UNTIL.isNull().or(q.LEASE_UNTIL.lt(now)));
          Condition which;
          if (db.dialect() == Dialect.POSTGRES) {
            which =
                WORKFLOW_RUNS.ID.in(
                    select(q.ID)
                        .from(q)
                        .where(due)
                        .orderBy(q.PRIORITY.desc(), q.DUE_AT)
                        .limit(limit)
                        .forUpdate()
                        .skipLocked());
          } else {
            List<UUID> candidates =
                tx.select(q.ID)
                    .from(q)
                    .where(due)
                    .orderBy(q.PRIORITY.desc(), q.DUE_AT)
                    .limit(limit * CANDIDATES_PER_CLAIM)
                    .fetch(q.ID);
            if (candidates.isEmpty()) {
              return List.of();
            }
            Set<UUID> free =
                new HashSet<>(
                    tx.select(q.ID)
                        .from(q)
                        .where(q.ID.in(candidates))
                        .and(due)
                        .forUpdate()
                        .skipLocked()
                        .fetch(q.ID));
            List<UUID> locked = candidates.stream().filter(free::contains).limit(limit).toList();
            if (locked.isEmpty()) {
              return List.of();
            }
            which = WORKFLOW_RUNS.ID.in(locked);
          }
          WorkflowRuns r = WORKFLOW_RUNS;
          var leased =
              tx.update(r)
                  .set(r.LEASE_OWNER, workerId)
                  .set(r.LEASE_UNTIL, leaseUntil)
                  .set(r.VERSION, r.VERSION.plus(1L))
                  .where(which);
          if (db.dialect() == Dialect.POSTGRES) {
            return leased.returning().fetch().stream().map(JdbcWorkflowRunStore::run).toList();
          }
          // H2 has no UPDATE ... RETURNING: the locked rows are read back in this transaction.
          leased.execute();
          return tx.selectFrom(r).where(which).and(r.LEASE_OWNER.eq(workerId)).fetch().stream()
              .map(JdbcWorkflowRunStore::run)
              .toList();
        });
  }

  @Override
  public boolean update(RunUpdate update) {
    Arguments.notNull("update", update);
    StoredRun next = update.run();
    WorkflowRuns r = WORKFLOW_RUNS;
    return db.transaction(
        "writing workflow run " + next.id(),
        tx -> {
          int written =
              tx.update(r)
                  .set(r.STATE, next.state().name())
                  .set(r.NEXT_STEP, next.nextStep())
                  .set(r.DATA, Json.write(next.data()))
                  .set(r.CONTEXT, Json.write(next.context()))
                  .set(r.WAITING_MESSAGE_ID, uuid(next.waitingFor()))
                  .set(r.DUE_AT, next.dueAt())
                  .set(r.LEASE_OWNER, (String) null)
                  .set(r.LEASE_UNTIL, (Instant) null)
                  .set(r.VERSION, r.VERSION.plus(1L))
                  .set(r.UPDATED_AT, next.updatedAt())
                  .where(r.ID.eq(next.id()))
                  .and(r.TENANT_ID.eq(next.tenantId()))
                  .and(r.VERSION.eq(update.expectedVersion()))
                  .and(r.LEASE_OWNER.eq(update.leaseOwner()))
                  .execute();
          if (written != 1) {
            return false;
          }
          appendSteps(tx, next.tenantId(), next.id(), -1, update.steps());
          return true;
        });
  }

  @Override
  public void release(String tenantId, UUID runId, String leaseOwner) {
    WorkflowRuns r = WORKFLOW_RUNS;
    db.transaction(
        "releasing workflow run " + runId,
        tx ->
            tx.update(r)
                .set(r.LEASE_OWNER, (String) null)
                .set(r.LEASE_UNTIL, (Instant) null)
                .where(r.ID.eq(runId))
                .and(r.TENANT_ID.eq(tenantId))
                .and(r.LEASE_OWNER.eq(leaseOwner))
                .execute());
  }

  @Override
  public Optional<StoredRun> run(String tenantId, UUID runId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notNull("runId", runId);
    return db.read(
        "reading workflow run " + runId,
        ctx ->
            ctx.selectFrom(WORKFLOW_RUNS)
                .where(WORKFLOW_RUNS.ID.eq(runId))
                .and(WORKFLOW_RUNS.TENANT_ID.eq(tenantId))
                .fetchOptional()
                .map(JdbcWorkflowRunStore::run));
  }

  @Override
  public List<RunStep> steps(String tenantId, UUID runId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notNull("runId", runId);
    return db.read(
        "reading the steps of workflow run " + runId,
        ctx ->
            ctx.selectFrom(WORKFLOW_RUN_STEPS)
                .where(WORKFLOW_RUN_STEPS.RUN_ID.eq(runId))
                .and(WORKFLOW_RUN_STEPS.TENANT_ID.eq(tenantId))
                .orderBy(WORKFLOW_RUN_STEPS.SEQ)
                .limit(MAX_STEPS)
                .fetch(
                    s ->
                        new RunStep(
                            s.getSeq(),
                            s.getStepId(),
                            s.getType(),
                            s.getOutcome(),
                            s.getDetail(),
                            s.getAt())));
  }

  @Override
  public List<StoredRun> runs(
      String tenantId,
      String workflowId,
      @Nullable String recipientId,
      @Nullable UUID after,
      int limit) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("workflowId", workflowId);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    WorkflowRuns r = WORKFLOW_RUNS;
    return db.read(
        "listing the runs of workflow '" + workflowId + "'",
        ctx -> {
          Condition where = r.TENANT_ID.eq(tenantId).and(r.WORKFLOW_ID.eq(workflowId));
          if (recipientId != null) {
            where = where.and(r.RECIPIENT_ID.eq(recipientId));
          }
          if (after != null) {
            Record cursor =
                ctx.select(r.CREATED_AT, r.ID)
                    .from(r)
                    .where(r.ID.eq(after))
                    .and(r.TENANT_ID.eq(tenantId))
                    .fetchOne();
            if (cursor == null) {
              return List.of();
            }
            where =
                where.and(
                    org.jooq
                        .impl
                        .DSL
                        .row(r.CREATED_AT, r.ID)
                        .lt(cursor.get(r.CREATED_AT), cursor.get(r.ID)));
          }
          return ctx.selectFrom(r)
              .where(where)
              .orderBy(r.CREATED_AT.desc(), r.ID.desc())
              .limit(limit)
              .fetch(JdbcWorkflowRunStore::run);
        });
  }

  @Override
  public List<UUID> cancelCorrelated(
      String tenantId, String workflowId, String correlation, RunStep record, Instant now) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("workflowId", workflowId);
    Arguments.notNull("correlation", correlation);
    Arguments.notNull("record", record);
    WorkflowRuns r = WORKFLOW_RUNS;
    return db.transaction(
        "cancelling runs of workflow '" + workflowId + "'",
        tx -> {
          List<UUID> ids =
              tx.select(r.ID)
                  .from(r)
                  .where(r.TENANT_ID.eq(tenantId))
                  .and(r.WORKFLOW_ID.eq(workflowId))
                  .and(r.CORRELATION.eq(correlation))
                  .and(r.STATE.in(ACTIVE))
                  .limit(MAX_LIMIT)
                  .forUpdate()
                  .fetch(r.ID);
          List<UUID> cancelled = new ArrayList<>();
          for (UUID id : ids) {
            if (cancelOne(tx, tenantId, id, record, now)) {
              cancelled.add(id);
            }
          }
          return cancelled;
        });
  }

  @Override
  public boolean cancel(String tenantId, UUID runId, RunStep record, Instant now) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notNull("runId", runId);
    Arguments.notNull("record", record);
    return db.transaction(
        "cancelling workflow run " + runId, tx -> cancelOne(tx, tenantId, runId, record, now));
  }

  private static boolean cancelOne(
      DSLContext tx, String tenantId, UUID runId, RunStep record, Instant now) {
    WorkflowRuns r = WORKFLOW_RUNS;
    int written =
        tx.update(r)
            .set(r.STATE, RunState.CANCELLED.name())
            .set(r.DUE_AT, (Instant) null)
            .set(r.WAITING_MESSAGE_ID, (UUID) null)
            .set(r.LEASE_OWNER, (String) null)
            .set(r.LEASE_UNTIL, (Instant) null)
            .set(r.VERSION, r.VERSION.plus(1L))
            .set(r.UPDATED_AT, now)
            .where(r.ID.eq(runId))
            .and(r.TENANT_ID.eq(tenantId))
            .and(r.STATE.in(ACTIVE))
            .execute();
    if (written != 1) {
      return false;
    }
    appendSteps(tx, tenantId, runId, -1, List.of(record));
    return true;
  }

  @Override
  public int wake(String tenantId, MessageId messageId, Instant now) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notNull("messageId", messageId);
    WorkflowRuns r = WORKFLOW_RUNS;
    return db.transaction(
        "waking the runs waiting for message " + messageId,
        tx ->
            tx.update(r)
                .set(r.DUE_AT, now)
                .set(r.VERSION, r.VERSION.plus(1L))
                .set(r.UPDATED_AT, now)
                .where(r.WAITING_MESSAGE_ID.eq(messageId.value()))
                .and(r.TENANT_ID.eq(tenantId))
                .and(r.STATE.in(ACTIVE))
                // A run already due and not held needs no waking: leaving it alone keeps it from
                // being locked while a claim looks for it.
                .and(r.DUE_AT.gt(now).or(r.LEASE_OWNER.isNotNull()))
                .execute());
  }

  @Override
  public DigestJoin joinDigest(
      String tenantId,
      String digestKey,
      UUID runId,
      Map<String, Object> item,
      int maxItems,
      boolean firstPasses,
      Instant closesAt,
      Instant now) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("digestKey", digestKey);
    Arguments.notNull("runId", runId);
    Arguments.notNull("item", item);
    Arguments.positive("maxItems", maxItems);
    return db.transaction(
        "joining digest '" + digestKey + "'",
        tx -> {
          // A row to lock, so that concurrent joiners of one digest take turns; a closed window
          // stands in for none. A stale row purged between the insert and the lock is inserted
          // again.
          WorkflowDigestsRecord digest = null;
          for (int attempt = 0; digest == null; attempt++) {
            tx.insertInto(WORKFLOW_DIGESTS)
                .set(WORKFLOW_DIGESTS.TENANT_ID, tenantId)
                .set(WORKFLOW_DIGESTS.DIGEST_KEY, digestKey)
                .set(WORKFLOW_DIGESTS.COLLECTOR_ID, (UUID) null)
                .set(WORKFLOW_DIGESTS.CLOSES_AT, Instant.EPOCH)
                .onConflictDoNothing()
                .execute();
            var locked =
                tx.selectFrom(WORKFLOW_DIGESTS)
                    .where(WORKFLOW_DIGESTS.TENANT_ID.eq(tenantId))
                    .and(WORKFLOW_DIGESTS.DIGEST_KEY.eq(digestKey))
                    .forUpdate();
            digest = attempt < 2 ? locked.fetchOne() : locked.fetchSingle();
          }
          UUID collector = digest.getCollectorId();
          boolean collecting =
              collector != null
                  && tx.fetchExists(
                      WORKFLOW_RUNS,
                      WORKFLOW_RUNS.ID.eq(collector).and(WORKFLOW_RUNS.STATE.in(ACTIVE)));
          if (collecting) {
            addItem(tx, tenantId, collector, runId, item, maxItems, now);
            return new DigestJoin(
                collector.equals(runId) ? DigestJoin.Outcome.COLLECTOR : DigestJoin.Outcome.MERGED,
                collector,
                digest.getClosesAt());
          }
          boolean windowOpen = collector == null && digest.getClosesAt().isAfter(now);
          if (!windowOpen && firstPasses) {
            setDigest(tx, tenantId, digestKey, null, closesAt);
            return new DigestJoin(DigestJoin.Outcome.PASSED, runId, closesAt);
          }
          Instant closes = windowOpen ? digest.getClosesAt() : closesAt;
          setDigest(tx, tenantId, digestKey, runId, closes);
          addItem(tx, tenantId, runId, runId, item, maxItems, now);
          return new DigestJoin(DigestJoin.Outcome.COLLECTOR, runId, closes);
        });
  }

  private static void setDigest(
      DSLContext tx, String tenantId, String digestKey, @Nullable UUID collector, Instant closes) {
    tx.update(WORKFLOW_DIGESTS)
        .set(WORKFLOW_DIGESTS.COLLECTOR_ID, collector)
        .set(WORKFLOW_DIGESTS.CLOSES_AT, closes)
        .where(WORKFLOW_DIGESTS.TENANT_ID.eq(tenantId))
        .and(WORKFLOW_DIGESTS.DIGEST_KEY.eq(digestKey))
        .execute();
  }

  /** Called with the digest's row locked, so the count and the insert do not race. */
  private static void addItem(
      DSLContext tx,
      String tenantId,
      UUID collector,
      UUID runId,
      Map<String, Object> item,
      int maxItems,
      Instant now) {
    var items = WORKFLOW_DIGEST_ITEMS;
    if (tx.fetchExists(items, items.COLLECTOR_ID.eq(collector).and(items.RUN_ID.eq(runId)))) {
      return;
    }
    int held = tx.fetchCount(items, items.COLLECTOR_ID.eq(collector));
    tx.insertInto(items)
        .set(items.COLLECTOR_ID, collector)
        .set(items.RUN_ID, runId)
        .set(items.TENANT_ID, tenantId)
        .set(items.SEQ, held + 1)
        .set(items.DATA, held < maxItems ? Json.write(item) : null)
        .set(items.AT, now)
        .execute();
  }

  @Override
  public DigestItems closeDigest(String tenantId, String digestKey, UUID collectorId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("digestKey", digestKey);
    Arguments.notNull("collectorId", collectorId);
    var items = WORKFLOW_DIGEST_ITEMS;
    return db.transaction(
        "closing digest '" + digestKey + "'",
        tx -> {
          tx.deleteFrom(WORKFLOW_DIGESTS)
              .where(WORKFLOW_DIGESTS.TENANT_ID.eq(tenantId))
              .and(WORKFLOW_DIGESTS.DIGEST_KEY.eq(digestKey))
              .and(WORKFLOW_DIGESTS.COLLECTOR_ID.eq(collectorId))
              .execute();
          int count =
              tx.fetchCount(
                  items, items.COLLECTOR_ID.eq(collectorId).and(items.TENANT_ID.eq(tenantId)));
          List<Map<String, Object>> kept =
              tx.select(items.DATA)
                  .from(items)
                  .where(items.COLLECTOR_ID.eq(collectorId))
                  .and(items.TENANT_ID.eq(tenantId))
                  .and(items.DATA.isNotNull())
                  .orderBy(items.SEQ)
                  .fetch(row -> Json.readObjectMap(row.value1()));
          return new DigestItems(kept, count);
        });
  }

  @Override
  public int purge(Instant before, int limit) {
    Arguments.notNull("before", before);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    WorkflowRuns r = WORKFLOW_RUNS;
    var d = WORKFLOW_DIGESTS;
    return db.transaction(
        "purging finished workflow runs",
        tx -> {
          Condition finished = r.STATE.notIn(ACTIVE).and(r.UPDATED_AT.lt(before));
          // Candidates first, then only those locked (skipping any another purger holds), as the
          // H2 claim does: H2 would lock every matching row for an ordered SKIP LOCKED.
          List<UUID> candidates =
              tx.select(r.ID)
                  .from(r)
                  .where(finished)
                  .orderBy(r.UPDATED_AT)
                  .limit(limit)
                  .fetch(r.ID);
          int removed = 0;
          if (!candidates.isEmpty()) {
            List<UUID> runs =
                tx.select(r.ID)
                    .from(r)
                    .where(r.ID.in(candidates))
                    .and(finished)
                    .forUpdate()
                    .skipLocked()
                    .fetch(r.ID);
            if (!runs.isEmpty()) {
              // A digest row naming an ended collector stands for no digest: it goes with it.
              tx.deleteFrom(d).where(d.COLLECTOR_ID.in(runs)).execute();
              // Step records and the digest items the runs collected go too (on delete cascade).
              removed = tx.deleteFrom(r).where(r.ID.in(runs)).execute();
            }
          }
          if (removed < limit) {
            removed += purgeDigests(tx, before, limit - removed);
          }
          return removed;
        });
  }

  /**
   * Deletes up to {@code limit} digest rows whose window closed before {@code before} and which no
   * active run collects: each stands for no digest (a backoff window long closed, or a collector
   * that ended without closing it).
   */
  private static int purgeDigests(DSLContext tx, Instant before, int limit) {
    var d = WORKFLOW_DIGESTS;
    WorkflowRuns r = WORKFLOW_RUNS;
    Condition stale =
        d.CLOSES_AT
            .lt(before)
            .and(
                notExists(
                    selectOne().from(r).where(r.ID.eq(d.COLLECTOR_ID)).and(r.STATE.in(ACTIVE))));
    return deleteSkippingLocked(tx, d, d.TENANT_ID, d.DIGEST_KEY, stale, null, limit);
  }

  @Override
  public int purgeExpiredTriggers(Instant now, int limit) {
    Arguments.notNull("now", now);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    var t = WORKFLOW_TRIGGERS;
    return db.transaction(
        "purging expired workflow trigger keys",
        tx -> {
          return deleteSkippingLocked(
              tx, t, t.TENANT_ID, t.TRIGGER_KEY, t.EXPIRES_AT.le(now), t.EXPIRES_AT, limit);
        });
  }

  /**
   * Deletes up to {@code limit} rows of {@code table}, keyed by ({@code first}, {@code second}),
   * that match {@code which}: reads the candidates (in {@code order} when given), locks those still
   * matching while skipping any another purger holds, and deletes what it locked. Candidates first,
   * as the H2 claim does: H2 would lock every matching row for a limited SKIP LOCKED.
   */
  private static int deleteSkippingLocked(
      DSLContext tx,
      Table<?> table,
      Field<String> first,
      Field<String> second,
      Condition which,
      @Nullable Field<Instant> order,
      int limit) {
    var candidates =
        tx.select(first, second)
            .from(table)
            .where(which)
            .orderBy(order == null ? List.of() : List.of(order))
            .limit(limit)
            .fetch();
    if (candidates.isEmpty()) {
      return 0;
    }
    var locked =
        tx.select(first, second)
            .from(table)
            .where(row(first, second).in(keys(candidates)))
            .and(which)
            .forUpdate()
            .skipLocked()
            .fetch();
    if (locked.isEmpty()) {
      return 0;
    }
    return tx.deleteFrom(table).where(row(first, second).in(keys(locked))).execute();
  }

  private static List<Row2<String, String>> keys(Result<Record2<String, String>> rows) {
    return rows.stream().map(k -> row(k.value1(), k.value2())).toList();
  }

  /** Appends step records after the run's last; {@code last} is its last seq, or -1 to read it. */
  private static void appendSteps(
      DSLContext tx, String tenantId, UUID runId, int last, List<RunStep> steps) {
    if (steps.isEmpty()) {
      return;
    }
    int seq = last;
    if (seq < 0) {
      Integer stored =
          tx.select(max(WORKFLOW_RUN_STEPS.SEQ))
              .from(WORKFLOW_RUN_STEPS)
              .where(WORKFLOW_RUN_STEPS.RUN_ID.eq(runId))
              .fetchOne(0, Integer.class);
      seq = stored == null ? 0 : stored;
    }
    var insert =
        tx.insertInto(
            WORKFLOW_RUN_STEPS,
            WORKFLOW_RUN_STEPS.RUN_ID,
            WORKFLOW_RUN_STEPS.SEQ,
            WORKFLOW_RUN_STEPS.TENANT_ID,
            WORKFLOW_RUN_STEPS.STEP_ID,
            WORKFLOW_RUN_STEPS.TYPE,
            WORKFLOW_RUN_STEPS.OUTCOME,
            WORKFLOW_RUN_STEPS.DETAIL,
            WORKFLOW_RUN_STEPS.AT);
    for (RunStep s : steps) {
      seq++;
      insert =
          insert.values(
              runId, seq, tenantId, s.stepId(), s.type(), s.outcome(), s.detail(), s.at());
    }
    insert.execute();
  }

  private static WorkflowRunsRecord record(DSLContext tx, StoredRun run) {
    WorkflowRunsRecord r = tx.newRecord(WORKFLOW_RUNS);
    r.setId(run.id());
    r.setTenantId(run.tenantId());
    r.setWorkflowId(run.workflowId());
    r.setWorkflowVersion(run.workflowVersion());
    r.setEventName(run.eventName());
    r.setEventId(run.eventId());
    r.setRecipientId(run.recipient().id());
    r.setRecipient(recipient(run.recipient()));
    r.setData(Json.write(run.data()));
    r.setPriority(Rows.priority(run.priority()));
    r.setCorrelation(run.correlation());
    r.setState(run.state().name());
    r.setNextStep(run.nextStep());
    r.setContext(Json.write(run.context()));
    r.setWaitingMessageId(uuid(run.waitingFor()));
    r.setDueAt(run.dueAt());
    r.setLeaseOwner(run.leaseOwner());
    r.setLeaseUntil(run.leaseUntil());
    r.setVersion(run.version());
    r.setCreatedAt(run.createdAt());
    r.setUpdatedAt(run.updatedAt());
    return r;
  }

  private static @Nullable UUID uuid(@Nullable MessageId id) {
    return id == null ? null : id.value();
  }

  private static JSONB recipient(Recipient who) {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("id", who.id());
    doc.put("tenantId", who.tenantId());
    Map<String, String> points = new LinkedHashMap<>();
    who.contactPoints().forEach((channel, address) -> points.put(channel.name(), address));
    doc.put("contactPoints", points);
    doc.put("locale", who.locale().toLanguageTag());
    doc.put("timeZone", who.timeZone().getId());
    return Json.write(doc);
  }

  @SuppressWarnings("unchecked")
  private static Recipient readRecipient(JSONB json) {
    Map<String, Object> doc = Json.readObjectMap(json);
    Map<dev.communicable.channel.ChannelType, String> points = new LinkedHashMap<>();
    ((Map<String, String>) doc.get("contactPoints"))
        .forEach(
            (name, address) -> points.put(dev.communicable.channel.ChannelType.of(name), address));
    return new Recipient(
        (String) doc.get("id"),
        (String) doc.get("tenantId"),
        points,
        Locale.forLanguageTag((String) doc.get("locale")),
        ZoneId.of((String) doc.get("timeZone")));
  }

  private static StoredRun run(WorkflowRunsRecord r) {
    UUID waiting = r.getWaitingMessageId();
    return new StoredRun(
        r.getId(),
        r.getTenantId(),
        r.getWorkflowId(),
        r.getWorkflowVersion(),
        r.getEventName(),
        r.getEventId(),
        readRecipient(r.getRecipient()),
        Json.readObjectMap(r.getData()),
        Rows.priority(r.getPriority()),
        r.getCorrelation(),
        RunState.valueOf(r.getState()),
        r.getNextStep(),
        Json.readStringMap(r.getContext()),
        waiting == null ? null : new MessageId(waiting),
        r.getDueAt(),
        r.getLeaseOwner(),
        r.getLeaseUntil(),
        r.getVersion(),
        r.getCreatedAt(),
        r.getUpdatedAt());
  }
}
