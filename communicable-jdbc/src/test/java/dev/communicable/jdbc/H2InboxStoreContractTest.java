package dev.communicable.jdbc;

import dev.communicable.spi.InboxStore;
import dev.communicable.testkit.InboxStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The InboxStore contract on embedded H2. */
class H2InboxStoreContractTest extends InboxStoreContract {
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
  protected InboxStore createStore() {
    return database.stores().inbox();
  }
}
