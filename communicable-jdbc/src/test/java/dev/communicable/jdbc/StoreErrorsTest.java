package dev.communicable.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.StoreException;
import dev.communicable.jdbc.internal.StoreErrors;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StoreErrorsTest {

  @ParameterizedTest(name = "SQLState {0} is transient: {1}")
  @CsvSource({
    "08006, true", // connection failure
    "40001, true", // serialization failure
    "40P01, true", // deadlock detected
    "53300, true", // too many connections
    "57P01, true", // admin shutdown
    "55P03, true", // lock not available
    "HYT00, true", // H2 lock timeout
    "23505, false", // unique violation
    "23503, false", // foreign key violation
    "22001, false", // string data right truncation
    "42P01, false" // undefined table
  })
  void sqlFailuresAreClassifiedBySqlState(String state, boolean transientFailure) {
    SQLException cause = new SQLException("whatever the driver says", state);

    StoreException e =
        StoreErrors.translate("claiming deliveries", new DataAccessException("SQL", cause));

    assertThat(e.isTransient()).isEqualTo(transientFailure);
    assertThat(e).hasMessageStartingWith("claiming deliveries failed (SQLState " + state + ")");
    assertThat(e).hasRootCauseInstanceOf(SQLException.class);
  }

  @Test
  void a_pool_timeout_without_sql_state_is_transient_by_its_jdbc_type() {
    StoreException e =
        StoreErrors.translate(
            "reading", new SQLTransientConnectionException("pool exhausted", (String) null));

    assertThat(e.isTransient()).isTrue();
  }
}
