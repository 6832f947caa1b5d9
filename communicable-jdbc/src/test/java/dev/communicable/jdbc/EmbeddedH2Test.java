package dev.communicable.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.testkit.TestData;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The embedded H2 database the quickstart and tests use. */
class EmbeddedH2Test {

  private static long communicationTables(JdbcStores stores) throws SQLException {
    try (Connection c = stores.dataSource().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "select count(*) from information_schema.tables"
                    + " where lower(table_schema) = 'communication'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void an_in_memory_database_lives_across_connections_until_the_stores_close_then_is_gone()
      throws Exception {
    String name = "embedded-" + UUID.randomUUID().toString().substring(0, 8);
    try (JdbcStores first = JdbcStores.h2Embedded(name).migrate();
        JdbcStores sameName = JdbcStores.h2Embedded(name)) {
      first.deliveries().enqueue(List.of(TestData.newMessage(TestData.message("acme").build())));
      assertThat(communicationTables(sameName))
          .as("the same name in one JVM is the same database")
          .isPositive();
    }

    try (JdbcStores reopened = JdbcStores.h2Embedded(name)) {
      assertThat(communicationTables(reopened)).as("dropped when the stores closed").isZero();
    }
  }
}
