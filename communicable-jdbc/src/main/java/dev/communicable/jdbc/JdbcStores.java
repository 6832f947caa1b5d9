package dev.communicable.jdbc;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.communicable.Arguments;
import dev.communicable.StoreException;
import dev.communicable.jdbc.internal.Database;
import dev.communicable.jdbc.internal.Dialect;
import dev.communicable.jdbc.internal.JdbcCampaignStore;
import dev.communicable.jdbc.internal.JdbcDeliveryStore;
import dev.communicable.jdbc.internal.JdbcDeviceStore;
import dev.communicable.jdbc.internal.JdbcInboxStore;
import dev.communicable.jdbc.internal.JdbcPreferenceStore;
import dev.communicable.jdbc.internal.JdbcScheduleStore;
import dev.communicable.jdbc.internal.JdbcTemplateStore;
import dev.communicable.jdbc.internal.JdbcWorkflowDefinitionStore;
import dev.communicable.jdbc.internal.JdbcWorkflowRunStore;
import dev.communicable.spi.CampaignStore;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.DeviceStore;
import dev.communicable.spi.InboxStore;
import dev.communicable.spi.PreferenceStore;
import dev.communicable.spi.ScheduleStore;
import dev.communicable.spi.Stores;
import dev.communicable.spi.TemplateStore;
import dev.communicable.spi.WorkflowDefinitionStore;
import dev.communicable.spi.WorkflowRunStore;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Every store on one database: PostgreSQL (the production target, where several workers and nodes
 * share the queue) or H2 (embedded, no server: the durable choice for one process, through {@link
 * #h2Embedded(Path)}). Without stores, {@code Communication.builder()} keeps everything in memory
 * and loses it on restart. All tables live in the {@code communication} schema, created by Flyway
 * migrations that run only when asked:
 *
 * <pre>{@code
 * JdbcStores stores = JdbcStores.postgres(dataSource).migrate();
 * Communication comms = Communication.builder().stores(stores).build();
 * }</pre>
 *
 * <p>Bring your own {@link DataSource} (any pool; the stores borrow a connection per call and
 * return it), or let {@link #h2Embedded(String)} make a HikariCP pool that {@link #close()} closes.
 * On PostgreSQL one connection is held to LISTEN for new work while workers are registered. SQL
 * failures surface as {@link dev.communicable.StoreException}, classified by SQLState.
 */
public final class JdbcStores implements Stores, AutoCloseable {
  private static final Pattern H2_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");

  private final Database db;
  private final @Nullable HikariDataSource ownedPool;
  private final boolean inMemory;
  private final JdbcDeliveryStore deliveries;
  private final JdbcTemplateStore templates;
  private final JdbcPreferenceStore preferences;
  private final JdbcInboxStore inbox;
  private final JdbcDeviceStore devices;
  private final JdbcScheduleStore schedules;
  private final JdbcWorkflowRunStore workflowRuns;
  private final JdbcWorkflowDefinitionStore workflowDefinitions;
  private final JdbcCampaignStore campaigns;
  private final AtomicBoolean migrated = new AtomicBoolean();

  private JdbcStores(
      DataSource dataSource,
      Dialect dialect,
      @Nullable HikariDataSource ownedPool,
      boolean inMemory) {
    this.db = new Database(dataSource, dialect);
    this.ownedPool = ownedPool;
    this.inMemory = inMemory;
    this.deliveries = new JdbcDeliveryStore(db);
    this.templates = new JdbcTemplateStore(db);
    this.preferences = new JdbcPreferenceStore(db);
    this.inbox = new JdbcInboxStore(db);
    this.devices = new JdbcDeviceStore(db);
    this.schedules = new JdbcScheduleStore(db);
    this.workflowRuns = new JdbcWorkflowRunStore(db);
    this.workflowDefinitions = new JdbcWorkflowDefinitionStore(db);
    this.campaigns = new JdbcCampaignStore(db);
  }

  /** Stores on a PostgreSQL database reached through {@code dataSource} (which you close). */
  public static JdbcStores postgres(DataSource dataSource) {
    return new JdbcStores(
        Arguments.notNull("dataSource", dataSource), Dialect.POSTGRES, null, false);
  }

  /**
   * Stores on an H2 database reached through {@code dataSource} (which you close). Open it in
   * PostgreSQL mode ({@code ;MODE=PostgreSQL} in the URL).
   */
  public static JdbcStores h2(DataSource dataSource) {
    return new JdbcStores(Arguments.notNull("dataSource", dataSource), Dialect.H2, null, false);
  }

  /**
   * Stores on a named in-memory H2 database that lives until {@link #close()}, with a HikariCP pool
   * the stores own. For quickstarts and tests: nothing survives the process, and closing the stores
   * drops the database and frees its memory.
   *
   * @param name letters, digits, '-' and '_'; the same name in one JVM is the same database, so
   *     stores sharing a name share it until the first of them is closed
   */
  public static JdbcStores h2Embedded(String name) {
    if (name == null || !H2_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "name must be 1-64 letters, digits, '-' or '_', was '" + name + "'");
    }
    return h2Owned(
        "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1;MODE=PostgreSQL", "h2-" + name, true);
  }

  /**
   * Stores on an H2 database file at {@code file} (H2 adds {@code .mv.db}), created if missing,
   * with a HikariCP pool the stores own. Durable across restarts; one process at a time.
   */
  public static JdbcStores h2Embedded(Path file) {
    Arguments.notNull("file", file);
    return h2Owned(
        "jdbc:h2:file:" + file.toAbsolutePath() + ";MODE=PostgreSQL",
        "h2-" + file.getFileName(),
        false);
  }

  private static JdbcStores h2Owned(String url, String poolName, boolean inMemory) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(url);
    config.setUsername("sa");
    config.setPassword("");
    config.setPoolName("communicable-" + poolName);
    config.setMaximumPoolSize(8);
    HikariDataSource pool = new HikariDataSource(config);
    return new JdbcStores(pool, Dialect.H2, pool, inMemory);
  }

  /**
   * Creates or upgrades the {@code communication} schema with the bundled Flyway migrations, then
   * returns this. Runs at most once per instance; Flyway's history (kept in that schema, apart from
   * your own) and its lock make it safe when several nodes start at once. Skip it when you run the
   * migrations from your own Flyway (see docs/jdbc.md).
   */
  public JdbcStores migrate() {
    if (migrated.compareAndSet(false, true)) {
      db.migrate();
    }
    return this;
  }

  /**
   * On PostgreSQL, lets claims and delivery state changes commit without waiting for the WAL flush
   * ({@code synchronous_commit = off} for those transactions only), which multiplies queue
   * throughput where the flush is the bottleneck. Enqueues (and so every accepted notification)
   * still wait for it. The price: if the database itself crashes, the last fraction of a second of
   * state changes may be forgotten, and a delivery already sent may be sent once more after its
   * lease runs out (at-least-once, as always). Off by default; no effect on H2.
   */
  public JdbcStores asynchronousStateCommits(boolean on) {
    deliveries.asynchronousStateCommits(on);
    return this;
  }

  /** The data source the stores use. */
  public DataSource dataSource() {
    return db.dataSource();
  }

  /** True for PostgreSQL, false for H2. */
  public boolean isPostgres() {
    return db.dialect() == Dialect.POSTGRES;
  }

  @Override
  public DeliveryStore deliveries() {
    return deliveries;
  }

  @Override
  public TemplateStore templates() {
    return templates;
  }

  @Override
  public PreferenceStore preferences() {
    return preferences;
  }

  @Override
  public InboxStore inbox() {
    return inbox;
  }

  @Override
  public DeviceStore devices() {
    return devices;
  }

  @Override
  public ScheduleStore schedules() {
    return schedules;
  }

  @Override
  public WorkflowRunStore workflowRuns() {
    return workflowRuns;
  }

  @Override
  public WorkflowDefinitionStore workflowDefinitions() {
    return workflowDefinitions;
  }

  @Override
  public CampaignStore campaigns() {
    return campaigns;
  }

  /**
   * Stops listening for work and closes the pool if the stores made it; drops the database made by
   * {@link #h2Embedded(String)}.
   */
  @Override
  public void close() {
    deliveries.close();
    if (ownedPool != null && !ownedPool.isClosed()) {
      ownedPool.close();
      if (inMemory) {
        dropInMemoryDatabase(ownedPool.getJdbcUrl());
      }
    }
  }

  /**
   * DB_CLOSE_DELAY=-1 keeps an in-memory H2 database alive until the JVM exits unless shut down.
   */
  private static void dropInMemoryDatabase(String url) {
    // Outside the pool: a pooled connection would fail to reset on a database shut down under it.
    try (Connection c = DriverManager.getConnection(url, "sa", "");
        Statement s = c.createStatement()) {
      s.execute("SHUTDOWN");
    } catch (SQLException e) {
      throw new StoreException("dropping the in-memory H2 database failed", false, e);
    }
  }
}
