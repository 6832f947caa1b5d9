package dev.communicable.jdbc.internal;

import static dev.communicable.jdbc.internal.schema.Tables.DEAD_LETTERS;
import static dev.communicable.jdbc.internal.schema.Tables.DELIVERIES;
import static dev.communicable.jdbc.internal.schema.Tables.DELIVERY_ATTEMPTS;
import static dev.communicable.jdbc.internal.schema.Tables.DELIVERY_EVENTS;
import static dev.communicable.jdbc.internal.schema.Tables.MESSAGES;
import static dev.communicable.jdbc.internal.schema.Tables.MESSAGE_RECIPIENTS;
import static org.jooq.impl.DSL.select;

import dev.communicable.MessageId;
import dev.communicable.Recipient;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.Message;
import dev.communicable.delivery.StateChange;
import dev.communicable.jdbc.internal.schema.tables.records.MessageRecipientsRecord;
import dev.communicable.jdbc.internal.schema.tables.records.MessagesRecord;
import dev.communicable.spi.StoredDelivery;
import java.time.ZoneId;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.Condition;
import org.jspecify.annotations.Nullable;

/**
 * The reads of the delivery queue's history: deliveries, messages, timelines, attempts and dead
 * letters, each filtered by tenant. Messages never change once written, so the most recently read
 * ones are kept in memory until purged. Arguments are checked by {@link JdbcDeliveryStore} before
 * they get here.
 */
final class DeliveryHistory {
  /**
   * The most recipients the message cache holds, counting each message as at least {@value
   * #MESSAGE_MIN_WEIGHT} (for its data): 4,096 messages of one recipient, or 32 campaign pages of a
   * thousand. A message holds its recipients, so a count of messages alone would not bound memory.
   */
  private static final int MESSAGE_CACHE_WEIGHT = 65_536;

  private static final int MESSAGE_MIN_WEIGHT = 16;

  private final Database db;

  /** Least recently used first; guarded by itself, with {@link #cachedWeight}. */
  private final Map<UUID, Message> messageCache = new LinkedHashMap<>(256, 0.75f, true);

  private long cachedWeight;

  DeliveryHistory(Database db) {
    this.db = db;
  }

  Optional<StoredDelivery> find(String tenantId, DeliveryId id) {
    return db.read(
        "finding delivery " + id,
        ctx ->
            ctx.selectFrom(DELIVERIES)
                .where(DELIVERIES.ID.eq(id.value()))
                .and(DELIVERIES.TENANT_ID.eq(tenantId))
                .fetchOptional()
                .map(Rows::stored));
  }

  Optional<StoredDelivery> findByProviderMessageId(String tenantId, String providerMessageId) {
    return db.read(
        "finding the delivery of provider message " + providerMessageId,
        ctx ->
            ctx.selectFrom(DELIVERIES)
                .where(DELIVERIES.TENANT_ID.eq(tenantId))
                .and(DELIVERIES.PROVIDER_MESSAGE_ID.eq(providerMessageId))
                .orderBy(DELIVERIES.SEQ.desc())
                .limit(1)
                .fetchOptional()
                .map(Rows::stored));
  }

  Optional<Message> message(String tenantId, MessageId id) {
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
                      .fetch(DeliveryHistory::recipient);
              return Optional.of(message(m, recipients));
            });
    loaded.ifPresent(
        m -> {
          synchronized (messageCache) {
            cache(id.value(), m);
          }
        });
    return loaded;
  }

  /** Drops purged messages from the cache. */
  void forget(Collection<UUID> messageIds) {
    synchronized (messageCache) {
      for (UUID id : messageIds) {
        Message removed = messageCache.remove(id);
        if (removed != null) {
          cachedWeight -= weight(removed);
        }
      }
    }
  }

  /** Caches {@code m}, dropping the least recently used beyond the weight bound. */
  private void cache(UUID id, Message m) {
    int w = weight(m);
    if (w > MESSAGE_CACHE_WEIGHT) {
      return;
    }
    Message previous = messageCache.put(id, m);
    cachedWeight += w - (previous == null ? 0 : weight(previous));
    Iterator<Message> eldest = messageCache.values().iterator();
    while (cachedWeight > MESSAGE_CACHE_WEIGHT && eldest.hasNext()) {
      cachedWeight -= weight(eldest.next());
      eldest.remove();
    }
  }

  private static int weight(Message m) {
    return Math.max(MESSAGE_MIN_WEIGHT, m.recipients().size());
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
    return Message.builder()
        .id(new MessageId(m.getId()))
        .tenantId(m.getTenantId())
        .event(m.getEvent())
        .topic(m.getTopic())
        .senderId(m.getSenderId())
        .templateId(m.getTemplateId())
        .templateVersion(m.getTemplateVersion())
        .content(Json.readContent(m.getContent()))
        .data(Json.readObjectMap(m.getData()))
        .metadata(Json.readStringMap(m.getMetadata()))
        .priority(Rows.priority(m.getPriority()))
        .idempotencyKey(m.getIdempotencyKey())
        .recipients(recipients)
        .createdAt(m.getCreatedAt())
        .sendAt(m.getSendAt())
        .expiresAt(m.getExpiresAt())
        .contentDigest(m.getContentDigest())
        .build();
  }

  List<StoredDelivery> deliveries(String tenantId, MessageId id) {
    return deliveriesWhere(
        "listing the deliveries of message " + id,
        DELIVERIES.MESSAGE_ID.eq(id.value()).and(DELIVERIES.TENANT_ID.eq(tenantId)));
  }

  List<StoredDelivery> deliveries(String tenantId, MessageId id, String recipientId) {
    return deliveriesWhere(
        "listing the deliveries of message " + id + " to " + recipientId,
        DELIVERIES
            .MESSAGE_ID
            .eq(id.value())
            .and(DELIVERIES.RECIPIENT_ID.eq(recipientId))
            .and(DELIVERIES.TENANT_ID.eq(tenantId)));
  }

  /** The deliveries matching {@code condition}, in the order they were created. */
  private List<StoredDelivery> deliveriesWhere(String what, Condition condition) {
    return db.read(
        what,
        ctx ->
            ctx.selectFrom(DELIVERIES)
                .where(condition)
                .orderBy(DELIVERIES.SEQ)
                .fetch(Rows::stored));
  }

  List<StateChange> timeline(String tenantId, MessageId id) {
    return db.read(
        "reading the timeline of message " + id,
        ctx ->
            ctx.selectFrom(DELIVERY_EVENTS)
                .where(DELIVERY_EVENTS.MESSAGE_ID.eq(id.value()))
                .and(DELIVERY_EVENTS.TENANT_ID.eq(tenantId))
                .orderBy(DELIVERY_EVENTS.AT, DELIVERY_EVENTS.SEQ)
                .fetch(Rows::change));
  }

  List<DeliveryAttempt> attempts(String tenantId, DeliveryId id) {
    return db.read(
        "listing the attempts of delivery " + id,
        ctx ->
            ctx.selectFrom(DELIVERY_ATTEMPTS)
                .where(DELIVERY_ATTEMPTS.DELIVERY_ID.eq(id.value()))
                .and(DELIVERY_ATTEMPTS.TENANT_ID.eq(tenantId))
                .orderBy(DELIVERY_ATTEMPTS.ATTEMPT_NUMBER)
                .fetch(Rows::attempt));
  }

  List<StoredDelivery> deadLetters(String tenantId, @Nullable DeliveryId after, int limit) {
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
              .fetch(Rows::stored);
        });
  }
}
