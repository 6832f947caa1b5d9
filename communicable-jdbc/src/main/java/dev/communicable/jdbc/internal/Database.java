package dev.communicable.jdbc.internal;

import dev.communicable.CommunicationException;
import java.sql.Connection;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jooq.DSLContext;
import org.jooq.conf.RenderQuotedNames;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

/**
 * A data source and its dialect, with the jOOQ context every store runs its SQL through. Names are
 * rendered unquoted, so the lower-case names of the generated classes match the tables Flyway
 * created on both databases (H2 folds unquoted names to upper case, PostgreSQL to lower).
 */
public final class Database {
  static {
    // jOOQ prints its logo and a "tip of the day" on first use; a library must not write those
    // into its host's log. A host that set either property itself keeps its own value.
    keepQuiet("org.jooq.no-logo");
    keepQuiet("org.jooq.no-tips");
  }

  /** The largest page, batch or claim one store call may ask for. */
  public static final int MAX_LIMIT = 10_000;

  private final DataSource dataSource;
  private final Dialect dialect;
  private final DSLContext dsl;

  public Database(DataSource dataSource, Dialect dialect) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.dialect = Objects.requireNonNull(dialect, "dialect");
    this.dsl = DSL.using(dataSource, dialect.sqlDialect(), settings());
  }

  private static void keepQuiet(String property) {
    if (System.getProperty(property) == null) {
      System.setProperty(property, "true");
    }
  }

  /** The settings of every jOOQ context the library makes. */
  public static Settings settings() {
    return new Settings()
        .withRenderQuotedNames(RenderQuotedNames.NEVER)
        .withExecuteLogging(false)
        .withFetchWarnings(false)
        .withRenderSchema(true);
  }

  /** A jOOQ context on one connection the caller owns (its transaction, its commit). */
  public static DSLContext on(Connection connection, Dialect dialect) {
    return DSL.using(connection, dialect.sqlDialect(), settings());
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Dialect dialect() {
    return dialect;
  }

  /**
   * Runs {@code work} in one transaction, committed when it returns. On H2, whose emulation of
   * {@code INSERT ... ON CONFLICT DO NOTHING} (a MERGE) can still raise a unique violation when two
   * transactions insert the same key at once, the work is run again (at most twice more): the row
   * the loser raced for is then there to be seen. {@code work} must therefore be repeatable.
   */
  public <T> T transaction(String what, Function<DSLContext, T> work) {
    int tries = dialect == Dialect.H2 ? 3 : 1;
    for (int attempt = 1; ; attempt++) {
      try {
        return dsl.transactionResult(cfg -> work.apply(cfg.dsl()));
      } catch (CommunicationException e) {
        throw e;
      } catch (RuntimeException e) {
        if (attempt < tries && StoreErrors.isUniqueViolation(e)) {
          continue;
        }
        throw StoreErrors.translate(what, e);
      }
    }
  }

  /** Runs one read (or one self-committing statement). */
  public <T> T read(String what, Function<DSLContext, T> work) {
    try {
      return work.apply(dsl);
    } catch (CommunicationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw StoreErrors.translate(what, e);
    }
  }

  /** Applies the schema's pending Flyway migrations; returns how many were applied. */
  public int migrate() {
    try {
      return Flyway.configure(Database.class.getClassLoader())
          .dataSource(
              dialect == Dialect.POSTGRES ? new QuietMigrationSource(dataSource) : dataSource)
          .schemas(dialect.schemaName())
          .createSchemas(true)
          .locations(dialect.migrationLocations())
          .sqlMigrationSuffixes(dialect.migrationSuffixes())
          .load()
          .migrate()
          .migrationsExecuted;
    } catch (RuntimeException e) {
      throw StoreErrors.translate("migrating the communication schema", e);
    }
  }
}
