package dev.communicable.jdbc;

import dev.communicable.spi.DeviceStore;
import dev.communicable.testkit.DeviceStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The DeviceStore contract on a real PostgreSQL. */
@Tag("integration")
class PostgresDeviceStoreContractTest extends DeviceStoreContract {
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
  protected DeviceStore createStore() {
    return database.stores().devices();
  }
}
