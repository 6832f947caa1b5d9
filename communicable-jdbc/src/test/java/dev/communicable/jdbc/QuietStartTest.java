package dev.communicable.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Starting the stores writes nothing into the host's log but real problems. */
@Tag("integration")
class QuietStartTest {
  @Test
  void a_fresh_migrate_on_postgres_logs_no_warning_and_leaves_the_pool_as_it_was()
      throws Exception {
    String[] log = new String[1];
    try (TestDatabase database = capturing(log, () -> TestDatabase.postgres(2))) {
      assertThat(log[0]).doesNotContain("already exists").doesNotContain("WARN");
      try (Connection c = database.connection();
          Statement s = c.createStatement();
          ResultSet level = s.executeQuery("show client_min_messages")) {
        level.next();
        assertThat(level.getString(1)).as("the server's default again").isEqualTo("notice");
      }
    }
  }

  @Test
  void a_fresh_migrate_on_h2_logs_no_warning() {
    String[] log = new String[1];
    try (TestDatabase database = capturing(log, TestDatabase::h2)) {
      assertThat(database.stores()).isNotNull();
      assertThat(log[0]).doesNotContain("WARN");
    }
  }

  @Test
  void jooq_is_told_to_keep_its_logo_and_tips_to_itself() {
    try (TestDatabase database = TestDatabase.h2()) {
      assertThat(database.stores()).isNotNull();
      assertThat(System.getProperty("org.jooq.no-logo")).isEqualTo("true");
      assertThat(System.getProperty("org.jooq.no-tips")).isEqualTo("true");
    }
  }

  /** Runs {@code work}, keeping what it wrote to standard error (where the test log goes). */
  private static <T> T capturing(String[] log, Supplier<T> work) {
    PrintStream original = System.err;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      return work.get();
    } finally {
      System.setErr(original);
      log[0] = captured.toString(StandardCharsets.UTF_8);
      original.print(log[0]);
    }
  }
}
