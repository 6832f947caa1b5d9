package dev.communicable.jdbc.internal;

import static dev.communicable.jdbc.internal.schema.Tables.DELIVERIES;
import static dev.communicable.jdbc.internal.schema.Tables.DELIVERY_EVENTS;
import static dev.communicable.jdbc.internal.schema.Tables.IDEMPOTENCY_KEYS;
import static dev.communicable.jdbc.internal.schema.Tables.MESSAGES;
import static dev.communicable.jdbc.internal.schema.Tables.MESSAGE_RECIPIENTS;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.MessageId;
import dev.communicable.Recipient;
import dev.communicable.StoreException;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.Message;
import dev.communicable.delivery.StateChange;
import dev.communicable.jdbc.internal.schema.tables.records.DeliveriesRecord;
import dev.communicable.jdbc.internal.schema.tables.records.DeliveryEventsRecord;
import dev.communicable.jdbc.internal.schema.tables.records.MessageRecipientsRecord;
import dev.communicable.jdbc.internal.schema.tables.records.MessagesRecord;
import dev.communicable.spi.EnqueueOutcome;
import dev.communicable.spi.NewMessage;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.InsertValuesStepN;
import org.jooq.JSONB;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.TableRecord;
import org.jspecify.annotations.Nullable;

/**
 * Writes accepted messages, their recipients, deliveries and first timeline entries on a context
 * that is already inside a transaction: the store's own, or the caller's (the outbox). Rows go in
 * multi-row inserts; an idempotency key is claimed first with {@code ON CONFLICT DO NOTHING}, so a
 * duplicate never aborts the surrounding transaction.
 */
public final class Enqueuer {
  /** Rows per multi-row insert: keeps bind values well under PostgreSQL's 65,535 per statement. */
  private static final int ROWS_PER_INSERT = 1_000;

  private Enqueuer() {}

  /** Checks that every message and delivery agree on tenant and message before anything is sent. */
  public static void validate(List<NewMessage> messages) {
    Arguments.notNull("messages", messages);
    for (int m = 0; m < messages.size(); m++) {
      NewMessage nm = Arguments.notNull("messages[" + m + "]", messages.get(m));
      Message message = nm.message();
      for (int i = 0; i < nm.deliveries().size(); i++) {
        Delivery d = nm.deliveries().get(i);
        String field = "messages[" + m + "].deliveries[" + i + "]";
        if (!d.tenantId().equals(message.tenantId())) {
          throw new InvalidRequestException(
              field + ".tenantId",
              "is '" + d.tenantId() + "' but the message's tenant is '" + message.tenantId() + "'");
        }
        if (!d.messageId().equals(message.id())) {
          throw new InvalidRequestException(
              field + ".messageId", "is " + d.messageId() + " but the message is " + message.id());
        }
      }
    }
  }

  /**
   * Writes {@code messages} on {@code tx}, which must be inside a transaction.
   *
   * @return one outcome per message, and whether any row was written (to signal workers)
   */
  public static List<EnqueueOutcome> write(
      DSLContext tx, Dialect dialect, List<NewMessage> messages) {
    validate(messages);
    List<EnqueueOutcome> outcomes = new ArrayList<>(messages.size());
    Map<String, Message> keysInBatch = new HashMap<>();
    Map<String, Integer> batchIndex = new HashMap<>();
    List<MessagesRecord> messageRows = new ArrayList<>();
    List<MessageRecipientsRecord> recipientRows = new ArrayList<>();
    List<DeliveriesRecord> deliveryRows = new ArrayList<>();
    List<DeliveryEventsRecord> eventRows = new ArrayList<>();
    for (NewMessage nm : messages) {
      Message message = nm.message();
      if (message.idempotencyKey() != null) {
        String batchKey = message.tenantId() + '\u0000' + message.idempotencyKey();
        Message earlier = keysInBatch.get(batchKey);
        if (earlier != null) {
          EnqueueOutcome first = outcomes.get(batchIndex.get(batchKey));
          outcomes.add(
              EnqueueOutcome.duplicateOf(first, earlier.contentDigest(), message.contentDigest()));
          continue;
        }
        EnqueueOutcome stored = claimKey(tx, message);
        if (stored != null) {
          outcomes.add(stored);
          continue;
        }
      }
      List<DeliveryId> ids = new ArrayList<>(nm.deliveries().size());
      messageRows.add(messageRow(message));
      List<Recipient> recipients = message.recipients();
      for (int i = 0; i < recipients.size(); i++) {
        recipientRows.add(recipientRow(message, i, recipients.get(i)));
      }
      for (Delivery d : nm.deliveries()) {
        ids.add(d.id());
        deliveryRows.add(Rows.record(d));
        eventRows.add(
            Rows.event(
                new StateChange(
                    d.tenantId(),
                    d.messageId(),
                    d.id(),
                    d.channel(),
                    null,
                    d.state(),
                    message.createdAt(),
                    null)));
      }
      EnqueueOutcome outcome = new EnqueueOutcome(message.id(), ids, false);
      if (message.idempotencyKey() != null) {
        String batchKey = message.tenantId() + '\u0000' + message.idempotencyKey();
        keysInBatch.put(batchKey, message);
        batchIndex.put(batchKey, outcomes.size());
      }
      outcomes.add(outcome);
    }
    insertAll(tx, MESSAGES, messageRows);
    insertAll(tx, MESSAGE_RECIPIENTS, recipientRows);
    insertAll(tx, DELIVERIES, deliveryRows, DELIVERIES.SEQ);
    insertAll(tx, DELIVERY_EVENTS, eventRows, DELIVERY_EVENTS.SEQ);
    if (!deliveryRows.isEmpty() && dialect.notifies()) {
      notifyWork(tx);
    }
    return outcomes;
  }

  /** Sends NOTIFY in the current transaction; PostgreSQL delivers it to listeners on commit. */
  static void notifyWork(DSLContext tx) {
    tx.query("notify " + Dialect.WORK_CHANNEL).execute();
  }

  /** Claims the message's key; returns the earlier outcome when someone else holds it. */
  private static @Nullable EnqueueOutcome claimKey(DSLContext tx, Message message) {
    int inserted =
        tx.insertInto(IDEMPOTENCY_KEYS)
            .set(IDEMPOTENCY_KEYS.TENANT_ID, message.tenantId())
            .set(IDEMPOTENCY_KEYS.IDEMPOTENCY_KEY, message.idempotencyKey())
            .set(IDEMPOTENCY_KEYS.MESSAGE_ID, message.id().value())
            .set(IDEMPOTENCY_KEYS.CREATED_AT, message.createdAt())
            .onConflictDoNothing()
            .execute();
    if (inserted == 1) {
      return null;
    }
    UUID stored =
        tx.select(IDEMPOTENCY_KEYS.MESSAGE_ID)
            .from(IDEMPOTENCY_KEYS)
            .where(IDEMPOTENCY_KEYS.TENANT_ID.eq(message.tenantId()))
            .and(IDEMPOTENCY_KEYS.IDEMPOTENCY_KEY.eq(message.idempotencyKey()))
            .fetchOne(IDEMPOTENCY_KEYS.MESSAGE_ID);
    if (stored == null) {
      // The key's holder rolled back between our insert and this read: nothing to point at.
      throw new StoreException(
          "idempotency key '"
              + message.idempotencyKey()
              + "' was released by a rolled-back transaction while this one read it; retry",
          true,
          null);
    }
    List<DeliveryId> ids =
        tx.select(DELIVERIES.ID)
            .from(DELIVERIES)
            .where(DELIVERIES.MESSAGE_ID.eq(stored))
            .and(DELIVERIES.TENANT_ID.eq(message.tenantId()))
            .orderBy(DELIVERIES.SEQ)
            .fetch(r -> new DeliveryId(r.value1()));
    // Only the digest is read back: comparing needs no copy of the first message.
    String storedDigest =
        tx.select(MESSAGES.CONTENT_DIGEST)
            .from(MESSAGES)
            .where(MESSAGES.ID.eq(stored))
            .and(MESSAGES.TENANT_ID.eq(message.tenantId()))
            .fetchOne(MESSAGES.CONTENT_DIGEST);
    return EnqueueOutcome.duplicateOf(
        new EnqueueOutcome(new MessageId(stored), ids, true),
        storedDigest,
        message.contentDigest());
  }

  private static MessagesRecord messageRow(Message m) {
    MessagesRecord r = new MessagesRecord();
    r.setId(m.id().value());
    r.setTenantId(m.tenantId());
    r.setEvent(m.event());
    r.setTopic(m.topic());
    r.setSenderId(m.senderId());
    r.setTemplateId(m.templateId());
    r.setTemplateVersion(m.templateVersion());
    r.setContent(Json.content(m.content()));
    r.setData(Json.write(m.data()));
    r.setMetadata(Json.write(m.metadata()));
    r.setPriority(Rows.priority(m.priority()));
    r.setIdempotencyKey(m.idempotencyKey());
    r.setCreatedAt(m.createdAt());
    r.setSendAt(m.sendAt());
    r.setExpiresAt(m.expiresAt());
    r.setContentDigest(m.contentDigest());
    return r;
  }

  private static MessageRecipientsRecord recipientRow(Message m, int position, Recipient who) {
    MessageRecipientsRecord r = new MessageRecipientsRecord();
    r.setMessageId(m.id().value());
    r.setPosition(position);
    r.setTenantId(m.tenantId());
    r.setRecipientId(who.id());
    r.setContactPoints(Json.contactPoints(who.contactPoints()));
    r.setLocale(who.locale().toLanguageTag());
    r.setTimeZone(who.timeZone().getId());
    return r;
  }

  /**
   * Inserts {@code rows} in multi-row statements, leaving out {@code generated} columns. On
   * PostgreSQL the statements are written here and bound through JDBC ({@link #insertBound}): for a
   * message of 1,000 recipients jOOQ spent most of the enqueue's time building, rendering and
   * binding its 1,000-row inserts, more than the database spent running them.
   */
  static <R extends TableRecord<R>> void insertAll(
      DSLContext tx, Table<R> table, List<R> rows, Field<?>... generated) {
    if (rows.isEmpty()) {
      return;
    }
    List<Field<?>> skip = Arrays.asList(generated);
    List<Field<?>> fields = new ArrayList<>();
    for (Field<?> f : table.fields()) {
      if (!skip.contains(f)) {
        fields.add(f);
      }
    }
    if (tx.dialect().family() == SQLDialect.POSTGRES) {
      insertBound(tx, table, fields, rows);
      return;
    }
    for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
      InsertValuesStepN<R> insert = tx.insertInto(table, fields);
      for (R row : rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT))) {
        List<Object> values = new ArrayList<>(fields.size());
        for (Field<?> f : fields) {
          values.add(row.get(f));
        }
        insert = insert.values(values);
      }
      insert.execute();
    }
  }

  /**
   * PostgreSQL: {@code INSERT INTO schema.table (columns) VALUES (?, ...), ...} with the records'
   * values bound through JDBC, {@value #ROWS_PER_INSERT} rows a statement. Times go as {@code
   * OffsetDateTime} in UTC, JSON documents as text cast to {@code jsonb}.
   */
  private static <R extends TableRecord<R>> void insertBound(
      DSLContext tx, Table<R> table, List<Field<?>> fields, List<R> rows) {
    StringBuilder head =
        new StringBuilder("insert into ")
            .append(table.getSchema().getName())
            .append('.')
            .append(table.getName())
            .append(" (");
    StringBuilder row = new StringBuilder("(");
    for (int i = 0; i < fields.size(); i++) {
      if (i > 0) {
        head.append(", ");
        row.append(", ");
      }
      head.append(fields.get(i).getName());
      row.append(fields.get(i).getType() == JSONB.class ? "?::jsonb" : "?");
    }
    head.append(") values ");
    row.append(')');
    tx.connection(
        connection -> {
          for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
            List<R> chunk = rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            StringBuilder sql =
                new StringBuilder(head.length() + chunk.size() * (row.length() + 2));
            sql.append(head);
            for (int r = 0; r < chunk.size(); r++) {
              sql.append(r == 0 ? "" : ", ").append(row);
            }
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
              int index = 1;
              for (R record : chunk) {
                for (Field<?> f : fields) {
                  bind(statement, index++, record.get(f));
                }
              }
              statement.executeUpdate();
            }
          }
        });
  }

  private static void bind(PreparedStatement statement, int index, @Nullable Object value)
      throws SQLException {
    if (value == null) {
      statement.setNull(index, Types.NULL);
    } else if (value instanceof Instant instant) {
      statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    } else if (value instanceof JSONB json) {
      statement.setString(index, json.data());
    } else {
      statement.setObject(index, value);
    }
  }
}
