package dev.communicable.jdbc;

import dev.communicable.spi.PreferenceStore;
import dev.communicable.testkit.PreferenceStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The PreferenceStore contract on embedded H2. */
class H2PreferenceStoreContractTest extends PreferenceStoreContract {
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
  protected PreferenceStore createStore() {
    return database.stores().preferences();
  }
}
