package dev.communicable.jdbc;

import dev.communicable.spi.Stores;
import dev.communicable.testkit.SchedulesContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** Recurring schedules end to end on a real PostgreSQL, two nodes sharing the database. */
@Tag("integration")
class PostgresSchedulesContractTest extends SchedulesContract {
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
  protected Stores createStores() {
    database.truncate();
    return database.stores();
  }

  @Override
  protected Stores anotherNode() {
    return database.anotherNode();
  }
}
