package dev.communicable.jdbc.internal;

import static dev.communicable.jdbc.internal.schema.Tables.CAMPAIGNS;
import static dev.communicable.jdbc.internal.schema.Tables.CAMPAIGN_MESSAGES;
import static dev.communicable.jdbc.internal.schema.Tables.CAMPAIGN_PAGES;
import static dev.communicable.jdbc.internal.schema.Tables.DELIVERIES;

import dev.communicable.Arguments;
import dev.communicable.Limits;
import dev.communicable.MessageId;
import dev.communicable.campaign.Campaign;
import dev.communicable.campaign.CampaignState;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.jdbc.internal.schema.tables.records.CampaignMessagesRecord;
import dev.communicable.jdbc.internal.schema.tables.records.CampaignPagesRecord;
import dev.communicable.jdbc.internal.schema.tables.records.CampaignsRecord;
import dev.communicable.schedule.SendWindow;
import dev.communicable.spi.CampaignPage;
import dev.communicable.spi.CampaignStore;
import dev.communicable.spi.StoredCampaign;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Record2;
import org.jooq.UpdateSetMoreStep;
import org.jooq.impl.DSL;
import org.jspecify.annotations.Nullable;

/**
 * Campaigns on PostgreSQL or H2: the campaign row (definition, state, cursor, counters, version,
 * lease), its page records and the messages each page queued. The claim locks the rows it takes
 * with {@code FOR UPDATE SKIP LOCKED} (on PostgreSQL in run-time order; on H2 one row at a time by
 * key, since H2 locks every matching row when ordering by another column) and leases them in the
 * same transaction; every later write is guarded by the version (and the lease owner) and checks
 * its row count.
 */
public final class JdbcCampaignStore implements CampaignStore {
  private static final String RUNNING = CampaignState.RUNNING.name();

  /** H2 looks at this many times the limit of due rows, locking them one at a time. */
  private static final int H2_CANDIDATES_PER_CLAIM = 4;

  private final Database db;

  public JdbcCampaignStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public boolean create(StoredCampaign campaign) {
    Arguments.notNull("campaign", campaign);
    return db.transaction(
        "creating campaign '" + campaign.id() + "'",
        tx -> tx.insertInto(CAMPAIGNS).set(record(campaign)).onConflictDoNothing().execute() == 1);
  }

  @Override
  public Optional<StoredCampaign> find(String tenantId, String campaignId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("campaignId", campaignId);
    return db.read(
        "reading campaign '" + campaignId + "'",
        ctx ->
            ctx.selectFrom(CAMPAIGNS)
                .where(key(tenantId, campaignId))
                .fetchOptional()
                .map(JdbcCampaignStore::stored));
  }

  @Override
  public List<StoredCampaign> list(String tenantId, @Nullable String afterId, int limit) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    return db.read(
        "listing campaigns",
        ctx ->
            ctx.selectFrom(CAMPAIGNS)
                .where(CAMPAIGNS.TENANT_ID.eq(tenantId))
                .and(afterId == null ? DSL.noCondition() : CAMPAIGNS.ID.gt(afterId))
                .orderBy(CAMPAIGNS.ID)
                .limit(limit)
                .fetch(JdbcCampaignStore::stored));
  }

  @Override
  public boolean update(StoredCampaign next) {
    Arguments.notNull("next", next);
    return db.transaction(
        "updating campaign '" + next.id() + "'",
        tx ->
            progress(tx, next)
                    .where(key(next.tenantId(), next.id()))
                    .and(CAMPAIGNS.VERSION.eq(next.version() - 1))
                    .execute()
                == 1);
  }

  @Override
  public List<StoredCampaign> claim(String owner, int limit, Instant now, Duration lease) {
    Arguments.id("owner", owner, Limits.MAX_ID_LENGTH);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    Arguments.notNull("now", now);
    Arguments.positive("lease", lease);
    Instant until = now.plus(lease);
    return db.transaction(
        "claiming campaigns for " + owner,
        tx -> {
          List<CampaignsRecord> rows = lockDue(tx, limit, now);
          List<StoredCampaign> claimed = new ArrayList<>(rows.size());
          for (CampaignsRecord row : rows) {
            tx.update(CAMPAIGNS)
                .set(CAMPAIGNS.LEASE_OWNER, owner)
                .set(CAMPAIGNS.LEASE_UNTIL, until)
                .set(CAMPAIGNS.VERSION, CAMPAIGNS.VERSION.plus(1L))
                .set(CAMPAIGNS.UPDATED_AT, now)
                .where(key(row.getTenantId(), row.getId()))
                .execute();
            row.setLeaseOwner(owner);
            row.setLeaseUntil(until);
            row.setVersion(row.getVersion() + 1);
            row.setUpdatedAt(now);
            claimed.add(stored(row));
          }
          return claimed;
        });
  }

  private static Condition due(Instant now) {
    return CAMPAIGNS
        .STATUS
        .eq(RUNNING)
        .and(CAMPAIGNS.RUN_AT.le(now))
        .and(CAMPAIGNS.LEASE_UNTIL.isNull().or(CAMPAIGNS.LEASE_UNTIL.lt(now)));
  }

  /** Locks up to {@code limit} due rows no one else holds, earliest run time first. */
  private List<CampaignsRecord> lockDue(DSLContext tx, int limit, Instant now) {
    if (db.dialect() == Dialect.POSTGRES) {
      return tx.selectFrom(CAMPAIGNS)
          .where(due(now))
          .orderBy(CAMPAIGNS.RUN_AT)
          .limit(limit)
          .forUpdate()
          .skipLocked()
          .fetch();
    }
    List<Record2<String, String>> candidates =
        tx.select(CAMPAIGNS.TENANT_ID, CAMPAIGNS.ID)
            .from(CAMPAIGNS)
            .where(due(now))
            .orderBy(CAMPAIGNS.RUN_AT)
            .limit(Math.min(MAX_LIMIT, limit * H2_CANDIDATES_PER_CLAIM))
            .fetch();
    List<CampaignsRecord> locked = new ArrayList<>();
    for (Record2<String, String> c : candidates) {
      if (locked.size() == limit) {
        break;
      }
      tx.selectFrom(CAMPAIGNS)
          .where(key(c.value1(), c.value2()))
          .and(due(now))
          .forUpdate()
          .skipLocked()
          .fetchOptional()
          .ifPresent(locked::add);
    }
    return locked;
  }

  @Override
  public boolean advance(StoredCampaign next, String owner, CampaignPage page) {
    Arguments.notNull("next", next);
    Arguments.notBlank("owner", owner);
    Arguments.notNull("page", page);
    return db.transaction(
        "recording page " + page.number() + " of campaign '" + next.id() + "'",
        tx -> {
          int written =
              progress(tx, next)
                  .where(key(next.tenantId(), next.id()))
                  .and(CAMPAIGNS.VERSION.eq(next.version() - 1))
                  .and(CAMPAIGNS.LEASE_OWNER.eq(owner))
                  .execute();
          if (written != 1) {
            return false;
          }
          // A page read again replaces its earlier record; its messages go with it (cascade).
          tx.deleteFrom(CAMPAIGN_PAGES)
              .where(CAMPAIGN_PAGES.TENANT_ID.eq(page.tenantId()))
              .and(CAMPAIGN_PAGES.CAMPAIGN_ID.eq(page.campaignId()))
              .and(CAMPAIGN_PAGES.PAGE_NUMBER.eq(page.number()))
              .execute();
          CampaignPagesRecord p = new CampaignPagesRecord();
          p.setTenantId(page.tenantId());
          p.setCampaignId(page.campaignId());
          p.setPageNumber(page.number());
          p.setPageCursor(page.cursor());
          p.setRecipients(page.recipients());
          p.setQueuedAt(page.queuedAt());
          tx.insertInto(CAMPAIGN_PAGES).set(p).execute();
          List<CampaignMessagesRecord> messages = new ArrayList<>();
          for (int i = 0; i < page.messageIds().size(); i++) {
            CampaignMessagesRecord m = new CampaignMessagesRecord();
            m.setTenantId(page.tenantId());
            m.setCampaignId(page.campaignId());
            m.setPageNumber(page.number());
            m.setPosition(i);
            m.setMessageId(page.messageIds().get(i).value());
            messages.add(m);
          }
          Enqueuer.insertAll(tx, CAMPAIGN_MESSAGES, messages);
          return true;
        });
  }

  @Override
  public void release(String tenantId, String campaignId, String owner) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("campaignId", campaignId);
    Arguments.notBlank("owner", owner);
    db.transaction(
        "releasing campaign '" + campaignId + "'",
        tx ->
            tx.update(CAMPAIGNS)
                .setNull(CAMPAIGNS.LEASE_OWNER)
                .setNull(CAMPAIGNS.LEASE_UNTIL)
                .where(key(tenantId, campaignId))
                .and(CAMPAIGNS.LEASE_OWNER.eq(owner))
                .execute());
  }

  @Override
  public List<CampaignPage> pages(String tenantId, String campaignId, long fromPage, int limit) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("campaignId", campaignId);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    return db.read(
        "reading the pages of campaign '" + campaignId + "'",
        ctx -> {
          List<CampaignPagesRecord> rows =
              ctx.selectFrom(CAMPAIGN_PAGES)
                  .where(CAMPAIGN_PAGES.TENANT_ID.eq(tenantId))
                  .and(CAMPAIGN_PAGES.CAMPAIGN_ID.eq(campaignId))
                  .and(CAMPAIGN_PAGES.PAGE_NUMBER.ge(fromPage))
                  .orderBy(CAMPAIGN_PAGES.PAGE_NUMBER)
                  .limit(limit)
                  .fetch();
          if (rows.isEmpty()) {
            return List.of();
          }
          long first = rows.get(0).getPageNumber();
          long last = rows.get(rows.size() - 1).getPageNumber();
          Map<Long, List<MessageId>> messages = new LinkedHashMap<>();
          ctx.selectFrom(CAMPAIGN_MESSAGES)
              .where(CAMPAIGN_MESSAGES.TENANT_ID.eq(tenantId))
              .and(CAMPAIGN_MESSAGES.CAMPAIGN_ID.eq(campaignId))
              .and(CAMPAIGN_MESSAGES.PAGE_NUMBER.between(first, last))
              .orderBy(CAMPAIGN_MESSAGES.PAGE_NUMBER, CAMPAIGN_MESSAGES.POSITION)
              .fetch()
              .forEach(
                  m ->
                      messages
                          .computeIfAbsent(m.getPageNumber(), n -> new ArrayList<>())
                          .add(new MessageId(m.getMessageId())));
          List<CampaignPage> pages = new ArrayList<>(rows.size());
          for (CampaignPagesRecord r : rows) {
            pages.add(
                new CampaignPage(
                    r.getTenantId(),
                    r.getCampaignId(),
                    r.getPageNumber(),
                    r.getPageCursor(),
                    r.getRecipients(),
                    messages.getOrDefault(r.getPageNumber(), List.of()),
                    r.getQueuedAt()));
          }
          return pages;
        });
  }

  @Override
  public Map<DeliveryState, Long> deliveryCounts(String tenantId, String campaignId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("campaignId", campaignId);
    return db.read(
        "counting the deliveries of campaign '" + campaignId + "'",
        ctx -> {
          CampaignsRecord row =
              ctx.selectFrom(CAMPAIGNS).where(key(tenantId, campaignId)).fetchOne();
          if (row != null && row.getSettledAt() != null) {
            return frozen(row);
          }
          return liveCounts(ctx, tenantId, campaignId);
        });
  }

  /** The deliveries of the campaign's recorded messages by state: one grouped query. */
  private static Map<DeliveryState, Long> liveCounts(
      DSLContext ctx, String tenantId, String campaignId) {
    Map<DeliveryState, Long> counts = new EnumMap<>(DeliveryState.class);
    ctx.select(DELIVERIES.STATUS, DSL.count())
        .from(CAMPAIGN_MESSAGES)
        .join(DELIVERIES)
        .on(DELIVERIES.MESSAGE_ID.eq(CAMPAIGN_MESSAGES.MESSAGE_ID))
        .and(DELIVERIES.TENANT_ID.eq(CAMPAIGN_MESSAGES.TENANT_ID))
        .where(CAMPAIGN_MESSAGES.TENANT_ID.eq(tenantId))
        .and(CAMPAIGN_MESSAGES.CAMPAIGN_ID.eq(campaignId))
        .groupBy(DELIVERIES.STATUS)
        .fetch()
        .forEach(r -> counts.put(DeliveryState.valueOf(r.value1()), (long) r.value2()));
    return counts;
  }

  /** The final counts frozen on a settled campaign's row, states with none left out. */
  private static Map<DeliveryState, Long> frozen(CampaignsRecord r) {
    Map<DeliveryState, Long> counts = new EnumMap<>(DeliveryState.class);
    putPositive(counts, DeliveryState.SENT, r.getFinalSent());
    putPositive(counts, DeliveryState.DELIVERED, r.getFinalDelivered());
    putPositive(counts, DeliveryState.READ, r.getFinalRead());
    putPositive(counts, DeliveryState.FAILED, r.getFinalFailed());
    putPositive(counts, DeliveryState.DEAD_LETTERED, r.getFinalDeadLettered());
    putPositive(counts, DeliveryState.SUPPRESSED, r.getFinalSuppressed());
    putPositive(counts, DeliveryState.CANCELLED, r.getFinalCancelled());
    putPositive(counts, DeliveryState.EXPIRED, r.getFinalExpired());
    return counts;
  }

  private static void putPositive(
      Map<DeliveryState, Long> counts, DeliveryState state, @Nullable Long n) {
    if (n != null && n > 0) {
      counts.put(state, n);
    }
  }

  private static final List<String> FINISHED =
      List.of(CampaignState.COMPLETED.name(), CampaignState.CANCELLED.name());

  /** Pages whose records (and messages, at most 1,000 a page) one chunk deletes. */
  private static final int PAGES_PER_CHUNK = 10;

  /** Chunks one settle call deletes for one campaign; the rest waits for the next call. */
  private static final int CHUNKS_PER_CAMPAIGN = 20;

  @Override
  public int settle(Instant now, int limit) {
    Arguments.notNull("now", now);
    Arguments.between("limit", limit, 1, MAX_SETTLE_LIMIT);
    List<Record2<String, String>> due =
        db.read(
            "finding finished campaigns to settle",
            ctx ->
                ctx.select(CAMPAIGNS.TENANT_ID, CAMPAIGNS.ID)
                    .from(CAMPAIGNS)
                    .where(CAMPAIGNS.CLEARED_AT.isNull())
                    .and(CAMPAIGNS.STATUS.in(FINISHED))
                    .orderBy(
                        CAMPAIGNS.SETTLE_VISITED_AT.asc().nullsFirst(),
                        CAMPAIGNS.TENANT_ID,
                        CAMPAIGNS.ID)
                    .limit(limit)
                    .fetch());
    int settled = 0;
    for (Record2<String, String> c : due) {
      if (settleOne(c.value1(), c.value2(), now)) {
        settled++;
      }
    }
    return settled;
  }

  /** Freezes the campaign's counts if none is pending, then clears a bounded share of its pages. */
  private boolean settleOne(String tenantId, String campaignId, Instant now) {
    Boolean frozenNow =
        db.transaction(
            "freezing the counts of campaign '" + campaignId + "'",
            tx -> {
              CampaignsRecord row =
                  tx.selectFrom(CAMPAIGNS)
                      .where(key(tenantId, campaignId))
                      .and(CAMPAIGNS.CLEARED_AT.isNull())
                      .and(CAMPAIGNS.STATUS.in(FINISHED))
                      .forUpdate()
                      .fetchOne();
              if (row == null) {
                return null;
              }
              tx.update(CAMPAIGNS)
                  .set(CAMPAIGNS.SETTLE_VISITED_AT, now)
                  .where(key(tenantId, campaignId))
                  .execute();
              if (row.getSettledAt() != null) {
                return false;
              }
              Map<DeliveryState, Long> counts = liveCounts(tx, tenantId, campaignId);
              if (counts.containsKey(DeliveryState.QUEUED)
                  || counts.containsKey(DeliveryState.SENDING)) {
                return null;
              }
              tx.update(CAMPAIGNS)
                  .set(CAMPAIGNS.SETTLED_AT, now)
                  .set(CAMPAIGNS.FINAL_SENT, count(counts, DeliveryState.SENT))
                  .set(CAMPAIGNS.FINAL_DELIVERED, count(counts, DeliveryState.DELIVERED))
                  .set(CAMPAIGNS.FINAL_READ, count(counts, DeliveryState.READ))
                  .set(CAMPAIGNS.FINAL_FAILED, count(counts, DeliveryState.FAILED))
                  .set(CAMPAIGNS.FINAL_DEAD_LETTERED, count(counts, DeliveryState.DEAD_LETTERED))
                  .set(CAMPAIGNS.FINAL_SUPPRESSED, count(counts, DeliveryState.SUPPRESSED))
                  .set(CAMPAIGNS.FINAL_CANCELLED, count(counts, DeliveryState.CANCELLED))
                  .set(CAMPAIGNS.FINAL_EXPIRED, count(counts, DeliveryState.EXPIRED))
                  .where(key(tenantId, campaignId))
                  .execute();
              return true;
            });
    if (frozenNow == null) {
      return false;
    }
    for (int i = 0; i < CHUNKS_PER_CAMPAIGN; i++) {
      if (clearChunk(tenantId, campaignId, now)) {
        return true;
      }
    }
    return frozenNow;
  }

  private static long count(Map<DeliveryState, Long> counts, DeliveryState state) {
    return counts.getOrDefault(state, 0L);
  }

  /**
   * Deletes the records of the campaign's first {@link #PAGES_PER_CHUNK} pages and their messages
   * in one transaction; with none left, marks the campaign cleared.
   *
   * @return true when the campaign has no page records left
   */
  private boolean clearChunk(String tenantId, String campaignId, Instant now) {
    return db.transaction(
        "deleting the page records of campaign '" + campaignId + "'",
        tx -> {
          List<Long> numbers =
              tx.select(CAMPAIGN_PAGES.PAGE_NUMBER)
                  .from(CAMPAIGN_PAGES)
                  .where(CAMPAIGN_PAGES.TENANT_ID.eq(tenantId))
                  .and(CAMPAIGN_PAGES.CAMPAIGN_ID.eq(campaignId))
                  .orderBy(CAMPAIGN_PAGES.PAGE_NUMBER)
                  .limit(PAGES_PER_CHUNK)
                  .fetch(CAMPAIGN_PAGES.PAGE_NUMBER);
          if (!numbers.isEmpty()) {
            long last = numbers.get(numbers.size() - 1);
            tx.deleteFrom(CAMPAIGN_MESSAGES)
                .where(CAMPAIGN_MESSAGES.TENANT_ID.eq(tenantId))
                .and(CAMPAIGN_MESSAGES.CAMPAIGN_ID.eq(campaignId))
                .and(CAMPAIGN_MESSAGES.PAGE_NUMBER.le(last))
                .execute();
            tx.deleteFrom(CAMPAIGN_PAGES)
                .where(CAMPAIGN_PAGES.TENANT_ID.eq(tenantId))
                .and(CAMPAIGN_PAGES.CAMPAIGN_ID.eq(campaignId))
                .and(CAMPAIGN_PAGES.PAGE_NUMBER.le(last))
                .execute();
            if (numbers.size() == PAGES_PER_CHUNK) {
              return false;
            }
          }
          tx.update(CAMPAIGNS)
              .set(CAMPAIGNS.CLEARED_AT, now)
              .where(key(tenantId, campaignId))
              .execute();
          return true;
        });
  }

  private static Condition key(String tenantId, String campaignId) {
    return CAMPAIGNS.TENANT_ID.eq(tenantId).and(CAMPAIGNS.ID.eq(campaignId));
  }

  /** The columns a run changes, set from {@code next}. */
  private static UpdateSetMoreStep<CampaignsRecord> progress(DSLContext tx, StoredCampaign next) {
    return tx.update(CAMPAIGNS)
        .set(CAMPAIGNS.STATUS, next.state().name())
        .set(CAMPAIGNS.PAGE_CURSOR, next.cursor())
        .set(CAMPAIGNS.NEXT_PAGE, next.nextPage())
        .set(CAMPAIGNS.RECIPIENTS, next.recipients())
        .set(CAMPAIGNS.SKIPPED, next.skipped())
        .set(CAMPAIGNS.ERROR, next.error())
        .set(CAMPAIGNS.VERSION, next.version())
        .set(CAMPAIGNS.LEASE_OWNER, next.leaseOwner())
        .set(CAMPAIGNS.LEASE_UNTIL, next.leaseUntil())
        .set(CAMPAIGNS.RUN_AT, next.runAt())
        .set(CAMPAIGNS.SEND_AT, next.sendAt())
        .set(CAMPAIGNS.STARTED_AT, next.startedAt())
        .set(CAMPAIGNS.FINISHED_AT, next.finishedAt())
        .set(CAMPAIGNS.UPDATED_AT, next.updatedAt());
  }

  private static CampaignsRecord record(StoredCampaign s) {
    Campaign c = s.campaign();
    CampaignsRecord r = new CampaignsRecord();
    r.setTenantId(c.tenantId());
    r.setId(c.id());
    r.setName(c.name());
    r.setEvent(c.event());
    r.setTopic(c.topic().equals(c.event()) ? null : c.topic());
    r.setTemplateId(c.templateId().orElse(null));
    r.setContent(Json.content(c.content().orElse(null)));
    r.setData(Json.write(c.data()));
    r.setChannels(Rows.fallbacks(c.channels()));
    r.setPriority(Rows.priority(c.priority()));
    r.setAudience(c.audience());
    r.setPageSize(c.pageSize());
    r.setRatePerSecond(c.ratePerSecond().isPresent() ? c.ratePerSecond().getAsInt() : null);
    r.setSendWindow(c.window().map(SendWindow::toString).orElse(null));
    r.setStatus(s.state().name());
    r.setPageCursor(s.cursor());
    r.setNextPage(s.nextPage());
    r.setRecipients(s.recipients());
    r.setSkipped(s.skipped());
    r.setError(s.error());
    r.setVersion(s.version());
    r.setLeaseOwner(s.leaseOwner());
    r.setLeaseUntil(s.leaseUntil());
    r.setRunAt(s.runAt());
    r.setSendAt(s.sendAt());
    r.setCreatedAt(s.createdAt());
    r.setStartedAt(s.startedAt());
    r.setFinishedAt(s.finishedAt());
    r.setUpdatedAt(s.updatedAt());
    return r;
  }

  private static StoredCampaign stored(CampaignsRecord r) {
    Campaign.Builder b =
        Campaign.builder(r.getId())
            .tenant(r.getTenantId())
            .name(r.getName())
            .event(r.getEvent())
            .topic(r.getTopic())
            .template(r.getTemplateId())
            .content(Json.readContent(r.getContent()))
            .data(Json.readObjectMap(r.getData()))
            .priority(Rows.priority(r.getPriority()))
            .audience(r.getAudience())
            .pageSize(r.getPageSize())
            .ratePerSecond(r.getRatePerSecond())
            .window(r.getSendWindow() == null ? null : SendWindow.parse(r.getSendWindow()));
    Rows.fallbacks(r.getChannels()).forEach(b::channels);
    return new StoredCampaign(
        b.build(),
        CampaignState.valueOf(r.getStatus()),
        r.getPageCursor(),
        r.getNextPage(),
        r.getRecipients(),
        r.getSkipped(),
        r.getError(),
        r.getVersion(),
        r.getLeaseOwner(),
        r.getLeaseUntil(),
        r.getRunAt(),
        r.getSendAt(),
        r.getCreatedAt(),
        r.getStartedAt(),
        r.getFinishedAt(),
        r.getUpdatedAt());
  }
}
