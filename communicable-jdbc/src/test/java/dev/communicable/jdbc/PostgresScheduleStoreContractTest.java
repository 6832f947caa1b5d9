package dev.communicable.jdbc;

import dev.communicable.spi.ScheduleStore;
import dev.communicable.testkit.ScheduleStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The ScheduleStore contract on a real PostgreSQL. */
@Tag("integration")
class PostgresScheduleStoreContractTest extends ScheduleStoreContract {
  private static TestDatabase database;

  @BeforeAll
  static void openDatabase() {
    database = TestDatabase.create(TestDatabase.Kind.POSTGRES);
  }

  @AfterAll
  static void closeDatabase() {
    database.close();
  }

  @Override
  protected ScheduleStore createStore() {
    database.truncate();
    return database.stores().schedules();
  }
}
