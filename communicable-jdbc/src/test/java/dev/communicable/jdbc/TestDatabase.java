package dev.communicable.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.PostgreSQLContainer;

/**
 * A throw-away database for one test class: a uniquely named PostgreSQL database (created from the
 * server named by {@code COMMUNICABLE_TEST_POSTGRES_URL}, else 127.0.0.1:5432 database {@code
 * test}, else a Testcontainers PostgreSQL where Docker runs) dropped on close, or a named in-memory
 * H2.
 */
final class TestDatabase implements AutoCloseable {
  private static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
  private static PostgreSQLContainer<?> container;

  private final String adminUrl;
  private final String name;
  private final HikariDataSource pool;
  private final JdbcStores stores;
  private final java.util.List<JdbcStores> otherNodes = new java.util.ArrayList<>();

  private TestDatabase(String adminUrl, String name, HikariDataSource pool, JdbcStores stores) {
    this.adminUrl = adminUrl;
    this.name = name;
    this.pool = pool;
    this.stores = stores;
  }

  enum Kind {
    POSTGRES,
    H2
  }

  static TestDatabase create(Kind kind) {
    return kind == Kind.POSTGRES ? postgres(16) : h2();
  }

  /** A fresh migrated in-memory H2 database. */
  static TestDatabase h2() {
    String name = "t" + UUID.randomUUID().toString().replace("-", "");
    return new TestDatabase(null, name, null, JdbcStores.h2Embedded(name).migrate());
  }

  /** A fresh migrated PostgreSQL database with a pool of {@code poolSize}. */
  static TestDatabase postgres(int poolSize) {
    String admin = adminUrl();
    String name = "communicable_test_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(admin);
        Statement s = c.createStatement()) {
      s.execute("create database " + name);
    } catch (SQLException e) {
      throw new IllegalStateException("creating database " + name + " failed", e);
    }
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(withDatabase(admin, name));
    config.setMaximumPoolSize(poolSize);
    config.setPoolName("test-" + name.substring(name.length() - 6));
    HikariDataSource pool = new HikariDataSource(config);
    return new TestDatabase(admin, name, pool, JdbcStores.postgres(pool).migrate());
  }

  JdbcStores stores() {
    return stores;
  }

  /** A second set of stores on the same database, as another node would have. */
  JdbcStores anotherNode() {
    JdbcStores node = pool == null ? JdbcStores.h2(stores.dataSource()) : JdbcStores.postgres(pool);
    otherNodes.add(node);
    return node;
  }

  /** Every table the stores write, children before parents. */
  private static final java.util.List<String> TABLES =
      java.util.List.of(
          "schedules",
          "campaign_messages",
          "campaign_pages",
          "campaigns",
          "workflow_digest_items",
          "workflow_digests",
          "workflow_run_steps",
          "workflow_triggers",
          "workflow_runs",
          "delivery_events",
          "delivery_attempts",
          "dead_letters",
          "deliveries",
          "idempotency_keys",
          "message_recipients",
          "messages",
          "inbox",
          "devices",
          "preference_audit",
          "preferences",
          "template_versions",
          "templates",
          "workflow_version_events",
          "workflow_versions",
          "workflows");

  /** Empties every table the stores write (the delivery contract needs an empty queue). */
  void truncate() {
    try (Connection c = connection();
        Statement s = c.createStatement()) {
      for (String table : TABLES) {
        s.execute("delete from communication." + table);
      }
    } catch (SQLException e) {
      throw new IllegalStateException("emptying the tables failed", e);
    }
  }

  /** The number of rows in each table the stores write, by table name. */
  java.util.Map<String, Long> rowCounts() {
    java.util.Map<String, Long> counts = new java.util.LinkedHashMap<>();
    try (Connection c = connection();
        Statement s = c.createStatement()) {
      for (String table : TABLES) {
        try (java.sql.ResultSet rows =
            s.executeQuery("select count(*) from communication." + table)) {
          rows.next();
          counts.put(table, rows.getLong(1));
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("counting the rows failed", e);
    }
    return counts;
  }

  java.sql.Connection connection() throws SQLException {
    return stores.dataSource().getConnection();
  }

  @Override
  public void close() {
    otherNodes.forEach(JdbcStores::close);
    stores.close();
    if (pool != null) {
      pool.close();
      try (Connection c = DriverManager.getConnection(adminUrl);
          Statement s = c.createStatement()) {
        s.execute("drop database if exists " + name + " with (force)");
      } catch (SQLException e) {
        throw new IllegalStateException("dropping database " + name + " failed", e);
      }
    }
  }

  private static synchronized String adminUrl() {
    String configured = System.getenv("COMMUNICABLE_TEST_POSTGRES_URL");
    if (configured != null && !configured.isBlank()) {
      return jdbcUrl(configured.trim());
    }
    if (reachable(DEFAULT_URL)) {
      return DEFAULT_URL;
    }
    if (container == null) {
      boolean docker;
      try {
        docker = DockerClientFactory.instance().isDockerAvailable();
      } catch (RuntimeException e) {
        docker = false;
      }
      Assumptions.assumeTrue(docker, "no PostgreSQL at 127.0.0.1:5432 and no Docker");
      container = new PostgreSQLContainer<>("postgres:16-alpine");
      container.start();
    }
    return container.getJdbcUrl()
        + (container.getJdbcUrl().contains("?") ? "&" : "?")
        + "user="
        + container.getUsername()
        + "&password="
        + container.getPassword();
  }

  private static boolean reachable(String url) {
    DriverManager.setLoginTimeout(2);
    try (Connection c = DriverManager.getConnection(url)) {
      return c.isValid(2);
    } catch (SQLException e) {
      return false;
    }
  }

  /** Accepts a JDBC URL or a postgres://user:password@host:port/db URI. */
  static String jdbcUrl(String url) {
    if (url.startsWith("jdbc:")) {
      return url;
    }
    URI uri = URI.create(url);
    StringBuilder jdbc =
        new StringBuilder("jdbc:postgresql://")
            .append(uri.getHost())
            .append(':')
            .append(uri.getPort() < 0 ? 5432 : uri.getPort())
            .append(uri.getPath() == null || uri.getPath().isEmpty() ? "/test" : uri.getPath());
    String userInfo = uri.getUserInfo();
    if (userInfo != null) {
      String[] parts = userInfo.split(":", 2);
      jdbc.append("?user=").append(parts[0]);
      if (parts.length > 1) {
        jdbc.append("&password=").append(parts[1]);
      }
    }
    return jdbc.toString();
  }

  /** The same server and parameters, another database. */
  static String withDatabase(String jdbcUrl, String database) {
    int schemeEnd = jdbcUrl.indexOf("//") + 2;
    int pathStart = jdbcUrl.indexOf('/', schemeEnd);
    int query = jdbcUrl.indexOf('?', schemeEnd);
    String hostPart =
        pathStart < 0
            ? jdbcUrl.substring(0, query < 0 ? jdbcUrl.length() : query)
            : jdbcUrl.substring(0, pathStart);
    String params = query < 0 ? "" : jdbcUrl.substring(query);
    return hostPart + "/" + database.toLowerCase(Locale.ROOT) + params;
  }
}
