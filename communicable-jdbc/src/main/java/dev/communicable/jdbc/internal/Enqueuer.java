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
import org.jooq.Record;
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

  private static final Columns MESSAGE_COLUMNS = Columns.of(MESSAGES);
  private static final Columns RECIPIENT_COLUMNS = Columns.of(MESSAGE_RECIPIENTS);
  private static final Columns DELIVERY_COLUMNS = Columns.of(DELIVERIES, DELIVERIES.SEQ);
  private static final Columns EVENT_COLUMNS = Columns.of(DELIVERY_EVENTS, DELIVERY_EVENTS.SEQ);

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
    List<Object[]> messageRows = new ArrayList<>();
    List<Object[]> recipientRows = new ArrayList<>();
    List<Object[]> deliveryRows = new ArrayList<>();
    List<Object[]> eventRows = new ArrayList<>();
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
        Columns.Row delivery = DELIVERY_COLUMNS.row();
        Rows.put(d, delivery);
        deliveryRows.add(delivery.values());
        Columns.Row event = EVENT_COLUMNS.row();
        Rows.put(
            new StateChange(
                d.tenantId(),
                d.messageId(),
                d.id(),
                d.channel(),
                null,
                d.state(),
                message.createdAt(),
                null),
            event);
        eventRows.add(event.values());
      }
      EnqueueOutcome outcome = new EnqueueOutcome(message.id(), ids, false);
      if (message.idempotencyKey() != null) {
        String batchKey = message.tenantId() + '\u0000' + message.idempotencyKey();
        keysInBatch.put(batchKey, message);
        batchIndex.put(batchKey, outcomes.size());
      }
      outcomes.add(outcome);
    }
    insertRows(tx, MESSAGE_COLUMNS, messageRows);
    insertRows(tx, RECIPIENT_COLUMNS, recipientRows);
    insertRows(tx, DELIVERY_COLUMNS, deliveryRows);
    insertRows(tx, EVENT_COLUMNS, eventRows);
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

  private static Object[] messageRow(Message m) {
    Columns.Row r = MESSAGE_COLUMNS.row();
    r.put(MESSAGES.ID, m.id().value());
    r.put(MESSAGES.TENANT_ID, m.tenantId());
    r.put(MESSAGES.EVENT, m.event());
    r.put(MESSAGES.TOPIC, m.topic());
    r.put(MESSAGES.SENDER_ID, m.senderId());
    r.put(MESSAGES.TEMPLATE_ID, m.templateId());
    r.put(MESSAGES.TEMPLATE_VERSION, m.templateVersion());
    r.put(MESSAGES.CONTENT, Json.content(m.content()));
    r.put(MESSAGES.DATA, Json.write(m.data()));
    r.put(MESSAGES.METADATA, Json.write(m.metadata()));
    r.put(MESSAGES.PRIORITY, Rows.priority(m.priority()));
    r.put(MESSAGES.IDEMPOTENCY_KEY, m.idempotencyKey());
    r.put(MESSAGES.CREATED_AT, m.createdAt());
    r.put(MESSAGES.SEND_AT, m.sendAt());
    r.put(MESSAGES.EXPIRES_AT, m.expiresAt());
    r.put(MESSAGES.CONTENT_DIGEST, m.contentDigest());
    return r.values();
  }

  private static Object[] recipientRow(Message m, int position, Recipient who) {
    Columns.Row r = RECIPIENT_COLUMNS.row();
    r.put(MESSAGE_RECIPIENTS.MESSAGE_ID, m.id().value());
    r.put(MESSAGE_RECIPIENTS.POSITION, position);
    r.put(MESSAGE_RECIPIENTS.TENANT_ID, m.tenantId());
    r.put(MESSAGE_RECIPIENTS.RECIPIENT_ID, who.id());
    r.put(MESSAGE_RECIPIENTS.CONTACT_POINTS, Json.contactPoints(who.contactPoints()));
    r.put(MESSAGE_RECIPIENTS.LOCALE, who.locale().toLanguageTag());
    r.put(MESSAGE_RECIPIENTS.TIME_ZONE, who.timeZone().getId());
    return r.values();
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
    Columns columns = Columns.of(table, generated);
    List<Object[]> values = new ArrayList<>(rows.size());
    for (R row : rows) {
      values.add(columns.valuesOf(row));
    }
    insertRows(tx, columns, values);
  }

  /**
   * Inserts {@code rows}, each the values of {@code columns} in their order, in multi-row
   * statements. On PostgreSQL the statements are written here and bound through JDBC ({@link
   * #insertBound}): for a message of 1,000 recipients jOOQ spent most of the enqueue's time
   * building, rendering and binding its 1,000-row inserts, more than the database spent running
   * them.
   */
  static void insertRows(DSLContext tx, Columns columns, List<Object[]> rows) {
    if (rows.isEmpty()) {
      return;
    }
    List<Field<?>> fields = columns.fields();
    if (tx.dialect().family() == SQLDialect.POSTGRES) {
      insertBound(tx, columns.table(), fields, rows);
      return;
    }
    @SuppressWarnings("unchecked")
    Table<Record> table = (Table<Record>) columns.table();
    for (int from = 0; from < rows.size(); from += ROWS_PER_INSERT) {
      InsertValuesStepN<Record> insert = tx.insertInto(table, fields);
      for (Object[] row : rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT))) {
        insert = insert.values(Arrays.asList(row));
      }
      insert.execute();
    }
  }

  /**
   * PostgreSQL: {@code INSERT INTO schema.table (columns) VALUES (?, ...), ...} with the rows'
   * values bound through JDBC, {@value #ROWS_PER_INSERT} rows a statement. Times go as {@code
   * OffsetDateTime} in UTC, JSON documents as text cast to {@code jsonb}.
   */
  private static void insertBound(
      DSLContext tx, Table<?> table, List<Field<?>> fields, List<Object[]> rows) {
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
            List<Object[]> chunk =
                rows.subList(from, Math.min(rows.size(), from + ROWS_PER_INSERT));
            StringBuilder sql =
                new StringBuilder(head.length() + chunk.size() * (row.length() + 2));
            sql.append(head);
            for (int r = 0; r < chunk.size(); r++) {
              sql.append(r == 0 ? "" : ", ").append(row);
            }
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
              int index = 1;
              for (Object[] values : chunk) {
                for (Object value : values) {
                  bind(statement, index++, value);
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
