package dev.communicable.jdbc.internal;

import static dev.communicable.jdbc.internal.schema.Tables.INBOX;

import dev.communicable.Arguments;
import dev.communicable.MessageId;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.inbox.InboxItem;
import dev.communicable.jdbc.internal.schema.tables.records.InboxRecord;
import dev.communicable.spi.InboxStore;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jooq.Condition;
import org.jspecify.annotations.Nullable;

/**
 * The in-app inbox. Unread queries run on the index (tenant, recipient, read_at, created_at desc),
 * so a recipient's unread page costs the same however large the table grows.
 */
public final class JdbcInboxStore implements InboxStore {
  private final Database db;

  public JdbcInboxStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public void add(InboxItem item) {
    Arguments.notNull("item", item);
    InboxRecord r = new InboxRecord();
    r.setDeliveryId(item.deliveryId().value());
    r.setTenantId(item.tenantId());
    r.setMessageId(item.messageId().value());
    r.setRecipientId(item.recipientId());
    r.setTopic(item.topic());
    r.setTitle(item.title());
    r.setBody(item.text());
    r.setLink(item.link());
    r.setCreatedAt(item.createdAt());
    r.setReadAt(item.readAt());
    db.read(
        "adding inbox item " + item.deliveryId(),
        ctx -> ctx.insertInto(INBOX).set(r).onConflictDoNothing().execute());
  }

  @Override
  public List<InboxItem> list(
      String tenantId, String recipientId, @Nullable Instant before, int limit) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("recipientId", recipientId);
    Arguments.between("limit", limit, 1, Database.MAX_LIMIT);
    Condition where = INBOX.TENANT_ID.eq(tenantId).and(INBOX.RECIPIENT_ID.eq(recipientId));
    if (before != null) {
      where = where.and(INBOX.CREATED_AT.lt(before));
    }
    Condition page = where;
    return db.read(
        "listing the inbox of '" + recipientId + "'",
        ctx ->
            ctx.selectFrom(INBOX)
                .where(page)
                .orderBy(INBOX.CREATED_AT.desc(), INBOX.DELIVERY_ID.desc())
                .limit(limit)
                .fetch(JdbcInboxStore::item));
  }

  @Override
  public List<InboxItem> unread(String tenantId, String recipientId, int limit) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("recipientId", recipientId);
    Arguments.between("limit", limit, 1, Database.MAX_LIMIT);
    return db.read(
        "listing the unread inbox of '" + recipientId + "'",
        ctx ->
            ctx.selectFrom(INBOX)
                .where(INBOX.TENANT_ID.eq(tenantId))
                .and(INBOX.RECIPIENT_ID.eq(recipientId))
                .and(INBOX.READ_AT.isNull())
                .orderBy(INBOX.CREATED_AT.desc(), INBOX.DELIVERY_ID.desc())
                .limit(limit)
                .fetch(JdbcInboxStore::item));
  }

  @Override
  public long unreadCount(String tenantId, String recipientId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("recipientId", recipientId);
    return db.read(
        "counting the unread inbox of '" + recipientId + "'",
        ctx ->
            (long)
                ctx.fetchCount(
                    INBOX,
                    INBOX
                        .TENANT_ID
                        .eq(tenantId)
                        .and(INBOX.RECIPIENT_ID.eq(recipientId))
                        .and(INBOX.READ_AT.isNull())));
  }

  @Override
  public boolean markRead(String tenantId, String recipientId, DeliveryId deliveryId, Instant at) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("recipientId", recipientId);
    Arguments.notNull("deliveryId", deliveryId);
    Arguments.notNull("at", at);
    return db.read(
            "marking inbox item " + deliveryId + " read",
            ctx ->
                ctx.update(INBOX)
                    .set(INBOX.READ_AT, at)
                    .where(INBOX.DELIVERY_ID.eq(deliveryId.value()))
                    .and(INBOX.TENANT_ID.eq(tenantId))
                    .and(INBOX.RECIPIENT_ID.eq(recipientId))
                    .and(INBOX.READ_AT.isNull())
                    .execute())
        == 1;
  }

  private static InboxItem item(InboxRecord r) {
    return new InboxItem(
        new DeliveryId(r.getDeliveryId()),
        new MessageId(r.getMessageId()),
        r.getTenantId(),
        r.getRecipientId(),
        r.getTopic(),
        r.getTitle(),
        r.getBody(),
        r.getLink(),
        r.getCreatedAt(),
        r.getReadAt());
  }
}
