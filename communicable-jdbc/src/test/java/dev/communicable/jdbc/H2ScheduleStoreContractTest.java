package dev.communicable.jdbc;

import dev.communicable.spi.ScheduleStore;
import dev.communicable.testkit.ScheduleStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The ScheduleStore contract on embedded H2. */
class H2ScheduleStoreContractTest extends ScheduleStoreContract {
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
  protected ScheduleStore createStore() {
    database.truncate();
    return database.stores().schedules();
  }
}
