package dev.communicable.jdbc;

import dev.communicable.spi.DeliveryStore;
import dev.communicable.testkit.DeliveryStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The DeliveryStore contract on a real PostgreSQL. */
@Tag("integration")
class PostgresDeliveryStoreContractTest extends DeliveryStoreContract {
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
  protected DeliveryStore createStore() {
    database.truncate();
    return database.anotherNode().deliveries();
  }

  @Override
  protected void closeStore(DeliveryStore store) throws Exception {
    ((AutoCloseable) store).close();
  }

  @Override
  protected boolean signalsWork() {
    return true;
  }
}
