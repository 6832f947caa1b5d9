package dev.communicable.jdbc;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * A PostgreSQL data source whose next outcome write (the transaction that inserts delivery
 * attempts) loses its connection at COMMIT, as it would when the database restarts: the backend is
 * terminated with {@code pg_terminate_backend}, either just before the COMMIT (nothing is written)
 * or just after it (written, but the answer never reaches the worker).
 */
final class DroppedCommits {
  enum When {
    BEFORE_COMMIT,
    AFTER_COMMIT
  }

  private final DataSource real;
  private final AtomicReference<When> next = new AtomicReference<>();
  private final AtomicInteger dropped = new AtomicInteger();

  DroppedCommits(DataSource real) {
    this.real = real;
  }

  /** Drops the connection of the next outcome write, {@code when}. */
  void dropNextOutcomeWrite(When when) {
    next.set(when);
  }

  /** How many connections were dropped so far. */
  int dropped() {
    return dropped.get();
  }

  /** The data source to give the stores. */
  DataSource dataSource() {
    return proxy(
        DataSource.class,
        (proxy, method, args) -> {
          Object result = invoke(real, method, args);
          return result instanceof Connection c ? connection(c) : result;
        });
  }

  private Connection connection(Connection connection) {
    AtomicBoolean writesOutcomes = new AtomicBoolean();
    return proxy(
        Connection.class,
        (proxy, method, args) -> {
          switch (method.getName()) {
            case "prepareStatement" -> {
              String sql = ((String) args[0]).toLowerCase(Locale.ROOT);
              if (sql.startsWith("insert into communication.delivery_attempts")) {
                writesOutcomes.set(true);
              }
            }
            case "commit" -> {
              When when = writesOutcomes.getAndSet(false) ? next.getAndSet(null) : null;
              if (when != null) {
                commitDropped(connection, when);
                return null;
              }
            }
            case "rollback", "close" -> writesOutcomes.set(false);
            default -> {}
          }
          return invoke(connection, method, args);
        });
  }

  /**
   * Commits {@code connection}, terminating its backend {@code when}; throws what the driver says.
   */
  private void commitDropped(Connection connection, When when) throws SQLException {
    int pid;
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("select pg_backend_pid()")) {
      rs.next();
      pid = rs.getInt(1);
    }
    dropped.incrementAndGet();
    if (when == When.BEFORE_COMMIT) {
      terminate(pid);
      connection.commit();
    } else {
      connection.commit();
      terminate(pid);
      // The driver learns of it at the connection's next use: the error the worker would have had.
      try (Statement s = connection.createStatement()) {
        s.execute("select 1");
      }
    }
    throw new IllegalStateException("the terminated connection of backend " + pid + " still works");
  }

  /** Terminates the backend {@code pid} and waits (up to 5 s) until it is gone. */
  private void terminate(int pid) throws SQLException {
    try (Connection admin = real.getConnection();
        PreparedStatement s = admin.prepareStatement("select pg_terminate_backend(?, 5000)")) {
      s.setInt(1, pid);
      s.execute();
    }
  }

  private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }

  private static <T> T proxy(Class<T> type, InvocationHandler handler) {
    return type.cast(
        Proxy.newProxyInstance(
            DroppedCommits.class.getClassLoader(), new Class<?>[] {type}, handler));
  }
}
