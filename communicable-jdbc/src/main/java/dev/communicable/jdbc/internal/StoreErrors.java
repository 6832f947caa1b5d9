package dev.communicable.jdbc.internal;

import dev.communicable.StoreException;
import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Set;
import org.jooq.exception.DataAccessException;
import org.jspecify.annotations.Nullable;

/**
 * Turns SQL failures into {@link StoreException}, deciding by SQLState (never by exception class
 * names or message text) whether retrying the same call can help.
 */
public final class StoreErrors {
  /** SQLState classes that are transient as a whole: connection exceptions, rollbacks. */
  private static final Set<String> TRANSIENT_CLASSES = Set.of("08", "40", "53", "57");

  /** Single transient SQLStates outside those classes. */
  private static final Set<String> TRANSIENT_STATES =
      Set.of(
          "55P03", // lock_not_available (PostgreSQL)
          "HYT00", // lock timeout (H2)
          "90067", // connection broken (H2)
          "90098" // database closed (H2)
          );

  private StoreErrors() {}

  /** The store exception for a failure while doing {@code what}. */
  public static StoreException translate(String what, Throwable failure) {
    if (failure instanceof StoreException se) {
      return se;
    }
    SQLException sql = sqlException(failure);
    String state = sql == null ? null : sql.getSQLState();
    boolean transientFailure = isTransient(state, sql);
    String reason = sql != null ? sql.getMessage() : failure.getMessage();
    return new StoreException(
        what
            + " failed"
            + (state == null ? "" : " (SQLState " + state + ")")
            + (transientFailure ? ", may succeed if retried" : "")
            + ": "
            + reason,
        transientFailure,
        failure);
  }

  /** True when the SQLState says the same call may succeed later. */
  public static boolean isTransient(@Nullable String sqlState, @Nullable SQLException sql) {
    if (sqlState != null && sqlState.length() == 5) {
      return TRANSIENT_CLASSES.contains(sqlState.substring(0, 2))
          || TRANSIENT_STATES.contains(sqlState);
    }
    // No SQLState (a pool that timed out waiting for a connection): the JDBC type says it.
    return sql instanceof SQLTransientException || sql instanceof SQLRecoverableException;
  }

  /** True when the failure is a unique or primary key violation (SQLState 23505). */
  public static boolean isUniqueViolation(Throwable failure) {
    SQLException sql = sqlException(failure);
    return sql != null && "23505".equals(sql.getSQLState());
  }

  private static @Nullable SQLException sqlException(Throwable failure) {
    if (failure instanceof DataAccessException dae) {
      SQLException sql = dae.getCause(SQLException.class);
      if (sql != null) {
        return sql;
      }
    }
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof SQLException sql) {
        return sql;
      }
      if (t.getCause() == t) {
        break;
      }
    }
    return null;
  }
}
