package dev.communicable.jdbc;

import dev.communicable.spi.Stores;
import dev.communicable.testkit.SchedulesContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Recurring schedules end to end on embedded H2. */
class H2SchedulesContractTest extends SchedulesContract {
  private static TestDatabase database;

  @BeforeAll
  static void openDatabase() {
    database = TestDatabase.create(TestDatabase.Kind.H2);
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
