package dev.communicable.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;
import org.jooq.SQLDialect;

/**
 * What differs between PostgreSQL and H2: the jOOQ dialect, where the Flyway scripts are, whether
 * idle workers can be woken by LISTEN/NOTIFY and how a batch of guarded updates is written. The SQL
 * itself is the same jOOQ code on both, except the claim, which each database has in a class of its
 * own ({@link Claim#of}).
 */
public enum Dialect {
  /** The production target: several workers and nodes share the queue. */
  POSTGRES(
      SQLDialect.POSTGRES,
      new String[] {"classpath:db/migration"},
      new String[] {".sql", ".pgsql"},
      "communication",
      true,
      true),

  /**
   * The embedded default (PostgreSQL mode). Its {@code FOR UPDATE SKIP LOCKED} with an ORDER BY on
   * a non-key column locks every matching row, so concurrent claimers take turns: fine for one
   * node.
   */
  H2(
      SQLDialect.H2,
      new String[] {"classpath:db/migration", "classpath:db/h2"},
      new String[] {".sql"},
      "COMMUNICATION",
      false,
      false);

  /** The PostgreSQL notification channel an enqueue signals and idle workers listen on. */
  public static final String WORK_CHANNEL = "communication_work";

  private final SQLDialect sqlDialect;
  private final String[] migrationLocations;
  private final String[] migrationSuffixes;
  private final String schemaName;
  private final boolean notifies;
  private final boolean updatesFromValues;

  Dialect(
      SQLDialect sqlDialect,
      String[] migrationLocations,
      String[] migrationSuffixes,
      String schemaName,
      boolean notifies,
      boolean updatesFromValues) {
    this.sqlDialect = sqlDialect;
    this.migrationLocations = migrationLocations;
    this.migrationSuffixes = migrationSuffixes;
    this.schemaName = schemaName;
    this.notifies = notifies;
    this.updatesFromValues = updatesFromValues;
  }

  public SQLDialect sqlDialect() {
    return sqlDialect;
  }

  public String[] migrationLocations() {
    return migrationLocations.clone();
  }

  public String[] migrationSuffixes() {
    return migrationSuffixes.clone();
  }

  /**
   * The schema as the database stores the unquoted name {@code communication}; Flyway keeps its
   * history table there, apart from the application's own.
   */
  public String schemaName() {
    return schemaName;
  }

  /** True when an enqueue sends NOTIFY in its transaction, delivered to listeners on commit. */
  public boolean notifies() {
    return notifies;
  }

  /**
   * True when the guarded updates of a batch of distinct deliveries are one {@code UPDATE ... FROM
   * (VALUES ...) ... RETURNING id}, the winners read from the returned ids. H2 (2.5) has neither
   * {@code UPDATE ... FROM} nor {@code RETURNING}; there each update is its own statement in one
   * JDBC batch, its row count read.
   */
  public boolean updatesFromValues() {
    return updatesFromValues;
  }

  /** The dialect of an open connection, from the product name the driver reports. */
  public static Dialect of(Connection connection) {
    String product;
    try {
      product = connection.getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      throw StoreErrors.translate("reading the database product name", e);
    }
    String name = product == null ? "" : product.toLowerCase(Locale.ROOT);
    if (name.contains("postgres")) {
      return POSTGRES;
    }
    if (name.equals("h2")) {
      return H2;
    }
    throw new IllegalArgumentException(
        "connection: communicable-jdbc supports PostgreSQL and H2, not '" + product + "'");
  }

  /** The dialect of a jOOQ dialect family. */
  public static Dialect of(SQLDialect dialect) {
    return switch (dialect.family()) {
      case POSTGRES -> POSTGRES;
      case H2 -> H2;
      default ->
          throw new IllegalArgumentException(
              "dsl: communicable-jdbc supports PostgreSQL and H2, not " + dialect);
    };
  }
}
