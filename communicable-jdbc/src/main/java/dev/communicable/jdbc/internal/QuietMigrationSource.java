package dev.communicable.jdbc.internal;

import java.io.PrintWriter;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The data source Flyway migrates through on PostgreSQL. The first migration says {@code create
 * schema if not exists communication} (jOOQ's code generator replays the scripts and needs the
 * schema), and Flyway has made the schema just before: PostgreSQL answers with a notice, which
 * Flyway would log as a warning into the host's log on every fresh migrate. Each connection lent to
 * Flyway therefore hears only warnings and errors ({@code client_min_messages = warning}), and gets
 * the setting back to the server's default before it returns to the host's pool.
 */
final class QuietMigrationSource implements DataSource {
  private final DataSource delegate;

  QuietMigrationSource(DataSource delegate) {
    this.delegate = delegate;
  }

  @Override
  public Connection getConnection() throws SQLException {
    return quiet(delegate.getConnection());
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    return quiet(delegate.getConnection(username, password));
  }

  private static Connection quiet(Connection connection) throws SQLException {
    execute(connection, "set client_min_messages = warning");
    return (Connection)
        Proxy.newProxyInstance(
            QuietMigrationSource.class.getClassLoader(),
            new Class<?>[] {Connection.class},
            (proxy, method, args) -> {
              if (method.getName().equals("close") && method.getParameterCount() == 0) {
                try {
                  if (!connection.isClosed()) {
                    if (!connection.getAutoCommit()) {
                      connection.rollback(); // as the pool would; Flyway has committed its work
                    }
                    execute(connection, "reset client_min_messages");
                  }
                } finally {
                  connection.close();
                }
                return null;
              }
              try {
                return method.invoke(connection, args);
              } catch (InvocationTargetException e) {
                throw e.getCause();
              }
            });
  }

  private static void execute(Connection connection, String sql) throws SQLException {
    boolean autoCommit = connection.getAutoCommit();
    try (Statement statement = connection.createStatement()) {
      statement.execute(sql);
      if (!autoCommit) {
        connection.commit();
      }
    }
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return delegate.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    delegate.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    delegate.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return delegate.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return delegate.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> type) throws SQLException {
    return type.isInstance(this) ? type.cast(this) : delegate.unwrap(type);
  }

  @Override
  public boolean isWrapperFor(Class<?> type) throws SQLException {
    return type.isInstance(this) || delegate.isWrapperFor(type);
  }
}
