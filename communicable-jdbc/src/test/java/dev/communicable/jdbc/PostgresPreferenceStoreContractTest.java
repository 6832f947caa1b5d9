package dev.communicable.jdbc;

import dev.communicable.spi.PreferenceStore;
import dev.communicable.testkit.PreferenceStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The PreferenceStore contract on a real PostgreSQL. */
@Tag("integration")
class PostgresPreferenceStoreContractTest extends PreferenceStoreContract {
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
  protected PreferenceStore createStore() {
    return database.stores().preferences();
  }
}
