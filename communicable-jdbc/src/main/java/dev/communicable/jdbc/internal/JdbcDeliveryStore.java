package dev.communicable.jdbc.internal;

import static dev.communicable.jdbc.internal.schema.Tables.DEAD_LETTERS;
import static dev.communicable.jdbc.internal.schema.Tables.DELIVERIES;
import static dev.communicable.jdbc.internal.schema.Tables.DELIVERY_ATTEMPTS;
import static dev.communicable.jdbc.internal.schema.Tables.DELIVERY_EVENTS;
import static dev.communicable.jdbc.internal.schema.Tables.IDEMPOTENCY_KEYS;
import static dev.communicable.jdbc.internal.schema.Tables.MESSAGES;
import static dev.communicable.jdbc.internal.schema.Tables.MESSAGE_RECIPIENTS;
import static org.jooq.impl.DSL.cast;
import static org.jooq.impl.DSL.coalesce;
import static org.jooq.impl.DSL.inline;
import static org.jooq.impl.DSL.notExists;
import static org.jooq.impl.DSL.row;
import static org.jooq.impl.DSL.select;
import static org.jooq.impl.DSL.selectOne;
import static org.jooq.impl.DSL.val;
import static org.jooq.impl.DSL.values;
import static org.jooq.impl.DSL.when;

import dev.communicable.InvalidRequestException;
import dev.communicable.MessageId;
import dev.communicable.Priority;
import dev.communicable.Recipient;
import dev.communicable.StoreException;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.delivery.Message;
import dev.communicable.delivery.StateChange;
import dev.communicable.jdbc.internal.schema.tables.Deliveries;
import dev.communicable.jdbc.internal.schema.tables.records.DeliveriesRecord;
import dev.communicable.jdbc.internal.schema.tables.records.DeliveryAttemptsRecord;
import dev.communicable.jdbc.internal.schema.tables.records.DeliveryEventsRecord;
import dev.communicable.jdbc.internal.schema.tables.records.MessageRecipientsRecord;
import dev.communicable.jdbc.internal.schema.tables.records.MessagesRecord;
import dev.communicable.spi.ClaimedDelivery;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.DeliveryUpdate;
import dev.communicable.spi.EnqueueOutcome;
import dev.communicable.spi.NewMessage;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Query;
import org.jooq.Record2;
import org.jooq.Result;
import org.jooq.RowN;
import org.jooq.Table;
import org.jooq.UpdateConditionStep;

/**
 * The delivery queue on PostgreSQL or H2. Workers claim in one statement ({@code UPDATE ... WHERE
 * id IN (SELECT ... FOR UPDATE SKIP LOCKED LIMIT ?) RETURNING ...}); every later write is guarded
 * by the version (and lease owner) and checks its row count, so a lost race writes nothing.
 */
public final class JdbcDeliveryStore implements DeliveryStore, AutoCloseable {
  private static final String QUEUED = DeliveryState.QUEUED.name();
  private static final String SENDING = DeliveryState.SENDING.name();
  private static final int MESSAGE_CACHE_SIZE = 4_096;

  /** Updates per {@code UPDATE ... FROM (VALUES ...)}: 17 bind values each, under 65,535. */
  private static final int UPDATES_PER_STATEMENT = 1_000;

  private static final String EXPECTED_VERSION = "expected_version";
  private static final String LEASE_GUARD = "lease_guard";

  /** A column a guarded update writes, and its value for the delivery's new state. */
  private record Written(Field<?> column, Function<Delivery, Object> value) {}

  /**
   * The columns a guarded update writes, one statement per update or from a VALUES row alike
   * (claimed_from is cleared apart).
   */
  private static final List<Written> WRITTEN =
      List.of(
          new Written(DELIVERIES.STATUS, d -> d.state().name()),
          new Written(DELIVERIES.ATTEMPTS, Delivery::attempts),
          new Written(DELIVERIES.SCHEDULED_AT, Delivery::scheduledAt),
          new Written(DELIVERIES.EXPIRES_AT, Delivery::expiresAt),
          new Written(DELIVERIES.UPDATED_AT, Delivery::updatedAt),
          new Written(DELIVERIES.VERSION, Delivery::version),
          new Written(DELIVERIES.LEASE_OWNER, Delivery::leaseOwner),
          new Written(DELIVERIES.LEASE_UNTIL, Delivery::leaseUntil),
          new Written(DELIVERIES.DUE_AT, Rows::dueAt),
          new Written(DELIVERIES.ADDRESS, Delivery::address),
          new Written(DELIVERIES.FALLBACKS, d -> Rows.fallbacks(d.fallbacks())),
          new Written(DELIVERIES.PROVIDER_MESSAGE_ID, Delivery::providerMessageId),
          new Written(DELIVERIES.LAST_ERROR, Delivery::lastError));

  /** The names of a VALUES row's columns: the key, the two guards, then {@link #WRITTEN}. */
  private static final String[] VALUES_COLUMNS = valuesColumns();

  /** Who a take-over names when a SENDING row somehow carries no lease owner. */
  private static final String UNKNOWN_WORKER = "an unknown worker";

  /**
   * On H2, a claim looks at this many times its limit of the first due rows, locks those no other
   * claimer holds and takes the first {@code limit} of them in queue order, so concurrent claimers
   * spread out.
   */
  private static final int H2_CANDIDATES_PER_CLAIM = 4;

  /** The highest stored priority; the H2 claim asks each priority from this one down to 0. */
  private static final short H2_TOP_PRIORITY = Rows.priority(Priority.CRITICAL);

  private final Database db;
  private final WorkSignals signals;
  private final Map<UUID, Message> messageCache =
      new LinkedHashMap<>(256, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<UUID, Message> eldest) {
          return size() > MESSAGE_CACHE_SIZE;
        }
      };

  private volatile boolean asynchronousStateCommits;

  public JdbcDeliveryStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
    this.signals = new WorkSignals(db);
  }

  /**
   * On PostgreSQL, lets claims and state updates commit without waiting for the WAL flush ({@code
   * synchronous_commit = off} for those transactions only; enqueues always wait). A crash of the
   * database may then forget the last fraction of a second of state changes: a delivery recorded
   * SENT may come back SENDING and be sent again after its lease, which at-least-once delivery
   * allows; nothing accepted is lost.
   */
  public void asynchronousStateCommits(boolean on) {
    this.asynchronousStateCommits = on;
  }

  private void relaxCommit(DSLContext tx) {
    if (asynchronousStateCommits && db.dialect() == Dialect.POSTGRES) {
      tx.query("set local synchronous_commit = off").execute();
    }
  }

  @Override
  public List<EnqueueOutcome> enqueue(List<NewMessage> messages) {
    Enqueuer.validate(messages);
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
   * The update keeps the lease owner it replaces in {@code claimed_from} and returns it, so a
   * take-over costs no extra query.
   */
  @Override
  public List<ClaimedDelivery> claim(String workerId, int limit, Instant now, Duration lease) {
    Args.text("workerId", workerId);
    Args.limit("limit", limit);
    Args.present("now", now);
    Args.positive("lease", lease);
    Instant until = now.plus(lease);
    Deliveries d = DELIVERIES;
    Deliveries q = DELIVERIES.as("q");
    return db.transaction(
        "claiming deliveries for " + workerId,
        tx -> {
          relaxCommit(tx);
          Condition claimable =
              q.STATUS
                  .in(QUEUED, SENDING)
                  .and(q.DUE_AT.le(now))
                  .and(q.STATUS.eq(QUEUED).or(q.DUE_AT.lt(now)));
          Condition which;
          if (db.dialect().claimsInOneStatement()) {
            which =
                d.ID.in(
                    select(q.ID)
                        .from(q)
                        .where(claimable)
                        .orderBy(q.PRIORITY.desc(), q.DUE_AT)
                        .limit(limit)
                        .forUpdate()
                        .skipLocked());
          } else {
            // One priority at a time, highest first: with the priority fixed H2 walks the
            // (priority desc, due_at nulls last) index from the earliest due row and stops at the
            // limit, never reading the finished rows (due_at null) that sort after them.
            int wanted = Math.min(limit * H2_CANDIDATES_PER_CLAIM, Args.MAX_LIMIT);
            List<UUID> candidates = new ArrayList<>(wanted);
            for (short priority = H2_TOP_PRIORITY;
                priority >= 0 && candidates.size() < wanted;
                priority--) {
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
            // Claim the first of them in queue order; the others' locks go at commit.
            List<UUID> locked = candidates.stream().filter(free::contains).limit(limit).toList();
            if (locked.isEmpty()) {
              return List.of();
            }
            which = d.ID.in(locked);
          }
          Result<DeliveriesRecord> rows =
              tx.update(d)
                  .set(
                      d.CLAIMED_FROM,
                      when(d.STATUS.eq(SENDING), coalesce(d.LEASE_OWNER, UNKNOWN_WORKER)))
                  .set(d.STATUS, SENDING)
                  .set(d.LEASE_OWNER, workerId)
                  .set(d.LEASE_UNTIL, until)
                  .set(d.DUE_AT, until)
                  .set(d.VERSION, d.VERSION.plus(1L))
                  .set(d.UPDATED_AT, now)
                  .where(which)
                  .returning()
                  .fetch();
          if (rows.isEmpty()) {
            return List.of();
          }
          List<ClaimedDelivery> claimed = new ArrayList<>(rows.size());
          List<DeliveryEventsRecord> events = new ArrayList<>(rows.size());
          for (DeliveriesRecord row : rows) {
            Delivery delivery = Rows.delivery(row);
            String previous = row.getClaimedFrom();
            claimed.add(new ClaimedDelivery(delivery, previous));
            events.add(
                Rows.event(
                    new StateChange(
                        delivery.tenantId(),
                        delivery.messageId(),
                        delivery.id(),
                        delivery.channel(),
                        previous == null ? DeliveryState.QUEUED : DeliveryState.SENDING,
                        DeliveryState.SENDING,
                        now,
                        previous == null
                            ? "claimed by " + workerId
                            : "taken over by "
                                + workerId
                                + " after the lease of "
                                + previous
                                + " ran out")));
          }
          Enqueuer.insertAll(tx, DELIVERY_EVENTS, events, DELIVERY_EVENTS.SEQ);
          claimed.sort(
              Comparator.comparing((ClaimedDelivery x) -> Rows.priority(x.delivery().priority()))
                  .reversed()
                  .thenComparing(x -> x.delivery().scheduledAt()));
          return claimed;
        });
  }

  @Override
  public boolean update(DeliveryUpdate update) {
    Args.present("update", update);
    return updateAll(List.of(update)).get(0);
  }

  /**
   * One transaction for the whole list: the guarded UPDATEs (on PostgreSQL, when no delivery
   * appears twice, one {@code UPDATE ... FROM (VALUES ...) RETURNING id}; otherwise one statement
   * per update in one JDBC batch, each row count checked), then multi-row inserts of the winners'
   * follow-ups, attempts and timeline entries, the winners' dead-letter rows, and one COMMIT.
   */
  @Override
  public List<Boolean> updateAll(List<DeliveryUpdate> updates) {
    Args.present("updates", updates);
    if (updates.size() > MAX_UPDATES_PER_CALL) {
      throw new InvalidRequestException(
          "updates", "must hold at most " + MAX_UPDATES_PER_CALL + ", held " + updates.size());
    }
    for (int i = 0; i < updates.size(); i++) {
      if (updates.get(i) == null) {
        throw new InvalidRequestException("updates", "must not hold null, held one at index " + i);
      }
    }
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
              boolean[] winners =
                  updates.size() > 1
                          && db.dialect().updatesFromValues()
                          && distinctDeliveries(updates)
                      ? writeFromValues(tx, updates)
                      : writeOneByOne(tx, updates);
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
      set.put(d.CLAIMED_FROM, inline(null, d.CLAIMED_FROM));
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

  private static Field<?> typed(Field<?> column, Object value) {
    return cast(val(value, column.getDataType()), column.getDataType());
  }

  /** The UPDATE of one delivery, guarded by its version (and lease owner, when given). */
  private static Query guardedUpdate(DSLContext tx, DeliveryUpdate update) {
    Delivery next = update.delivery();
    Deliveries d = DELIVERIES;
    Map<Field<?>, Object> set = new LinkedHashMap<>();
    for (Written w : WRITTEN) {
      set.put(w.column(), w.value().apply(next));
    }
    set.put(d.CLAIMED_FROM, null);
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

  @Override
  public Optional<Delivery> find(String tenantId, DeliveryId id) {
    Args.text("tenantId", tenantId);
    Args.present("id", id);
    return db.read(
        "finding delivery " + id,
        ctx ->
            ctx.selectFrom(DELIVERIES)
                .where(DELIVERIES.ID.eq(id.value()))
                .and(DELIVERIES.TENANT_ID.eq(tenantId))
                .fetchOptional()
                .map(Rows::delivery));
  }

  @Override
  public Optional<Delivery> findByProviderMessageId(String tenantId, String providerMessageId) {
    Args.text("tenantId", tenantId);
    Args.text("providerMessageId", providerMessageId);
    return db.read(
        "finding the delivery of provider message " + providerMessageId,
        ctx ->
            ctx.selectFrom(DELIVERIES)
                .where(DELIVERIES.TENANT_ID.eq(tenantId))
                .and(DELIVERIES.PROVIDER_MESSAGE_ID.eq(providerMessageId))
                .orderBy(DELIVERIES.SEQ.desc())
                .limit(1)
                .fetchOptional()
                .map(Rows::delivery));
  }

  @Override
  public Optional<Message> message(String tenantId, MessageId id) {
    Args.text("tenantId", tenantId);
    Args.present("id", id);
    Message cached;
    synchronized (messageCache) {
      cached = messageCache.get(id.value());
    }
    if (cached != null) {
      return cached.tenantId().equals(tenantId) ? Optional.of(cached) : Optional.empty();
    }
    Optional<Message> loaded =
        db.read(
            "reading message " + id,
            ctx -> {
              MessagesRecord m =
                  ctx.selectFrom(MESSAGES)
                      .where(MESSAGES.ID.eq(id.value()))
                      .and(MESSAGES.TENANT_ID.eq(tenantId))
                      .fetchOne();
              if (m == null) {
                return Optional.empty();
              }
              List<Recipient> recipients =
                  ctx.selectFrom(MESSAGE_RECIPIENTS)
                      .where(MESSAGE_RECIPIENTS.MESSAGE_ID.eq(id.value()))
                      .orderBy(MESSAGE_RECIPIENTS.POSITION)
                      .fetch(JdbcDeliveryStore::recipient);
              return Optional.of(message(m, recipients));
            });
    loaded.ifPresent(
        m -> {
          synchronized (messageCache) {
            messageCache.put(id.value(), m);
          }
        });
    return loaded;
  }

  private static Recipient recipient(MessageRecipientsRecord r) {
    return new Recipient(
        r.getRecipientId(),
        r.getTenantId(),
        Json.readContactPoints(r.getContactPoints()),
        Locale.forLanguageTag(r.getLocale()),
        ZoneId.of(r.getTimeZone()));
  }

  private static Message message(MessagesRecord m, List<Recipient> recipients) {
    return new Message(
        new MessageId(m.getId()),
        m.getTenantId(),
        m.getEvent(),
        m.getTopic(),
        m.getSenderId(),
        m.getTemplateId(),
        Json.readContent(m.getContent()),
        Json.readObjectMap(m.getData()),
        Json.readStringMap(m.getMetadata()),
        Rows.priority(m.getPriority()),
        m.getIdempotencyKey(),
        recipients,
        m.getCreatedAt(),
        m.getSendAt(),
        m.getExpiresAt());
  }

  @Override
  public List<Delivery> deliveries(String tenantId, MessageId id) {
    Args.text("tenantId", tenantId);
    Args.present("id", id);
    return deliveriesWhere(
        "listing the deliveries of message " + id,
        DELIVERIES.MESSAGE_ID.eq(id.value()).and(DELIVERIES.TENANT_ID.eq(tenantId)));
  }

  @Override
  public List<Delivery> deliveries(String tenantId, MessageId id, String recipientId) {
    Args.text("tenantId", tenantId);
    Args.present("id", id);
    Args.text("recipientId", recipientId);
    return deliveriesWhere(
        "listing the deliveries of message " + id + " to " + recipientId,
        DELIVERIES
            .MESSAGE_ID
            .eq(id.value())
            .and(DELIVERIES.RECIPIENT_ID.eq(recipientId))
            .and(DELIVERIES.TENANT_ID.eq(tenantId)));
  }

  /** The deliveries matching {@code condition}, in the order they were created. */
  private List<Delivery> deliveriesWhere(String what, Condition condition) {
    return db.read(
        what,
        ctx ->
            ctx.selectFrom(DELIVERIES)
                .where(condition)
                .orderBy(DELIVERIES.SEQ)
                .fetch(Rows::delivery));
  }

  @Override
  public List<StateChange> timeline(String tenantId, MessageId id) {
    Args.text("tenantId", tenantId);
    Args.present("id", id);
    return db.read(
        "reading the timeline of message " + id,
        ctx ->
            ctx.selectFrom(DELIVERY_EVENTS)
                .where(DELIVERY_EVENTS.MESSAGE_ID.eq(id.value()))
                .and(DELIVERY_EVENTS.TENANT_ID.eq(tenantId))
                .orderBy(DELIVERY_EVENTS.AT, DELIVERY_EVENTS.SEQ)
                .fetch(Rows::change));
  }

  @Override
  public List<DeliveryAttempt> attempts(String tenantId, DeliveryId id) {
    Args.text("tenantId", tenantId);
    Args.present("id", id);
    return db.read(
        "listing the attempts of delivery " + id,
        ctx ->
            ctx.selectFrom(DELIVERY_ATTEMPTS)
                .where(DELIVERY_ATTEMPTS.DELIVERY_ID.eq(id.value()))
                .and(DELIVERY_ATTEMPTS.TENANT_ID.eq(tenantId))
                .orderBy(DELIVERY_ATTEMPTS.ATTEMPT_NUMBER)
                .fetch(Rows::attempt));
  }

  @Override
  public List<Delivery> deadLetters(String tenantId, DeliveryId after, int limit) {
    Args.text("tenantId", tenantId);
    Args.limit("limit", limit);
    return db.read(
        "listing dead letters",
        ctx -> {
          Condition page = DEAD_LETTERS.TENANT_ID.eq(tenantId);
          if (after != null) {
            page =
                page.and(
                    DEAD_LETTERS.SEQ.gt(
                        select(DEAD_LETTERS.as("a").SEQ)
                            .from(DEAD_LETTERS.as("a"))
                            .where(DEAD_LETTERS.as("a").DELIVERY_ID.eq(after.value()))
                            .and(DEAD_LETTERS.as("a").TENANT_ID.eq(tenantId))));
          }
          return ctx.select(DELIVERIES.fields())
              .from(DEAD_LETTERS)
              .join(DELIVERIES)
              .on(DELIVERIES.ID.eq(DEAD_LETTERS.DELIVERY_ID))
              .where(page)
              .and(DELIVERIES.TENANT_ID.eq(tenantId))
              .orderBy(DEAD_LETTERS.SEQ)
              .limit(limit)
              .fetch(Rows::delivery);
        });
  }

  @Override
  public int purge(Instant before, int batchSize) {
    Args.present("before", before);
    Args.limit("batchSize", batchSize);
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
    synchronized (messageCache) {
      messages.forEach(messageCache::remove);
    }
    return removed;
  }

  @Override
  public AutoCloseable onWorkAvailable(Runnable callback) {
    return signals.register(Args.present("callback", callback));
  }

  @Override
  public void close() {
    signals.close();
  }
}
