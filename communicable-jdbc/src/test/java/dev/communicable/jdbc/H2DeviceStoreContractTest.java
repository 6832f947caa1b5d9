package dev.communicable.jdbc;

import dev.communicable.spi.DeviceStore;
import dev.communicable.testkit.DeviceStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The DeviceStore contract on embedded H2. */
class H2DeviceStoreContractTest extends DeviceStoreContract {
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
  protected DeviceStore createStore() {
    return database.stores().devices();
  }
}
