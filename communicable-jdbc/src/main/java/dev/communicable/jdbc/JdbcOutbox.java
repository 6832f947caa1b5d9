package dev.communicable.jdbc;

import dev.communicable.Arguments;
import dev.communicable.jdbc.internal.Database;
import dev.communicable.jdbc.internal.Dialect;
import dev.communicable.jdbc.internal.Enqueuer;
import dev.communicable.jdbc.internal.StoreErrors;
import dev.communicable.spi.EnqueueOutcome;
import dev.communicable.spi.NewMessage;
import dev.communicable.spi.Outbox;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jooq.DSLContext;
import org.jspecify.annotations.Nullable;

/**
 * An outbox bound to the caller's own transaction (the transactional outbox): what {@code send}
 * writes commits or rolls back with the caller's work, so a notification exists if and only if the
 * business change it announces does.
 *
 * <pre>{@code
 * try (Connection conn = dataSource.getConnection()) {
 *   conn.setAutoCommit(false);
 *   insertOrder(conn, order);
 *   comms.within(JdbcOutbox.of(conn)).send(Notification.event("order.placed").to(customer)...);
 *   conn.commit();   // both, or (rollback) neither
 * }
 * }</pre>
 *
 * <p>The connection must reach the database the {@link JdbcStores} use. On PostgreSQL the write
 * also NOTIFYs, so workers wake as soon as the caller commits; on H2 they find it when they poll. A
 * connection in auto-commit mode has no transaction to join: the messages are then written in a
 * transaction of their own on it.
 */
public final class JdbcOutbox implements Outbox {
  private final @Nullable Connection connection;
  private final @Nullable DSLContext dsl;

  private JdbcOutbox(@Nullable Connection connection, @Nullable DSLContext dsl) {
    this.connection = connection;
    this.dsl = dsl;
  }

  /** An outbox writing through {@code connection}, inside its current transaction. */
  public static JdbcOutbox of(Connection connection) {
    Arguments.notNull("connection", connection);
    return new JdbcOutbox(connection, null);
  }

  /**
   * An outbox writing through {@code dsl}: inside {@code ctx.transaction(cfg -> ...)} pass {@code
   * cfg.dsl()}, and the messages join that transaction.
   */
  public static JdbcOutbox of(DSLContext dsl) {
    Arguments.notNull("dsl", dsl);
    return new JdbcOutbox(null, dsl);
  }

  @Override
  public List<EnqueueOutcome> enqueue(List<NewMessage> messages) {
    Enqueuer.validate(messages);
    if (messages.isEmpty()) {
      return List.of();
    }
    if (connection != null) {
      return write(connection, messages);
    }
    try {
      return dsl.connectionResult(c -> write(c, messages));
    } catch (RuntimeException e) {
      throw StoreErrors.translate("enqueueing in the caller's transaction", e);
    }
  }

  private static List<EnqueueOutcome> write(Connection c, List<NewMessage> messages) {
    try {
      Dialect dialect = Dialect.of(c);
      if (!c.getAutoCommit()) {
        return Enqueuer.write(Database.on(c, dialect), dialect, messages);
      }
      c.setAutoCommit(false);
      try {
        List<EnqueueOutcome> outcomes = Enqueuer.write(Database.on(c, dialect), dialect, messages);
        c.commit();
        return outcomes;
      } catch (RuntimeException | SQLException e) {
        c.rollback();
        throw e;
      } finally {
        c.setAutoCommit(true);
      }
    } catch (SQLException e) {
      throw StoreErrors.translate("enqueueing in the caller's transaction", e);
    } catch (dev.communicable.CommunicationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw StoreErrors.translate("enqueueing in the caller's transaction", e);
    }
  }
}
