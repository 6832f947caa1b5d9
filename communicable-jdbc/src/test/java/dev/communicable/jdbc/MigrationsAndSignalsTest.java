package dev.communicable.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.communicable.testkit.TestData;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Migrations on PostgreSQL, and LISTEN/NOTIFY waking other nodes only on commit. */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrationsAndSignalsTest {
  private TestDatabase database;

  @BeforeAll
  void open() {
    database = TestDatabase.postgres(4);
  }

  @AfterAll
  void close() {
    database.close();
  }

  @Test
  void migrating_again_applies_nothing_and_the_seed_indexes_exist() throws Exception {
    JdbcStores again = database.anotherNode().migrate().migrate();
    again.close();

    try (Connection c = database.connection();
        Statement s = c.createStatement()) {
      // Counted against the distinct versions, so that a new migration needs no change here.
      ResultSet history =
          s.executeQuery(
              "select count(*), count(distinct version) from communication.flyway_schema_history"
                  + " where version is not null");
      history.next();
      assertThat(history.getInt(1)).as("each migration applied once").isEqualTo(history.getInt(2));
      assertThat(history.getInt(2)).as("V1 to V5 at least").isGreaterThanOrEqualTo(5);
      ResultSet indexes =
          s.executeQuery(
              "select indexname, indexdef from pg_indexes where schemaname = 'communication'");
      StringBuilder all = new StringBuilder();
      while (indexes.next()) {
        all.append(indexes.getString(2)).append('\n');
      }
      assertThat(all.toString())
          .contains(
              "messages_sender_idx ON communication.messages USING btree (sender_id, created_at DESC)")
          .contains("messages_parent_idx ON communication.messages USING btree (parent_message_id)")
          .contains("(recipient_id, read_at)")
          .contains("(message_id, attempt_number)")
          .contains(
              "deliveries_queue_idx ON communication.deliveries USING btree (priority DESC, due_at)"
                  + " WHERE ((status)::text = ANY ((ARRAY['QUEUED'::character varying,"
                  + " 'SENDING'::character varying])::text[]))");
    }
  }

  @Test
  void another_nodes_workers_wake_when_an_enqueue_commits_and_not_when_it_rolls_back()
      throws Exception {
    try (JdbcStores listening = database.anotherNode();
        JdbcStores enqueuing = database.anotherNode()) {
      AtomicInteger wakeUps = new AtomicInteger();
      AutoCloseable handle = listening.deliveries().onWorkAvailable(wakeUps::incrementAndGet);
      // The listener signals once when it starts listening, in case work came before.
      await().atMost(Duration.ofSeconds(10)).until(() -> wakeUps.get() >= 1);

      try (Connection conn = database.connection()) {
        conn.setAutoCommit(false);
        JdbcOutbox.of(conn).enqueue(List.of(TestData.newMessage(TestData.message("acme").build())));
        conn.rollback();
      }
      int afterRollback = wakeUps.get();
      enqueuing
          .deliveries()
          .enqueue(List.of(TestData.newMessage(TestData.message("acme").build())));
      await().atMost(Duration.ofSeconds(10)).until(() -> wakeUps.get() > afterRollback);

      assertThat(wakeUps.get())
          .as("one wake-up for the commit, none for the rollback")
          .isEqualTo(afterRollback + 1);
      handle.close();
    }
  }
}
