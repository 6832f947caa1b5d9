package dev.communicable.jdbc;

import dev.communicable.spi.InboxStore;
import dev.communicable.testkit.InboxStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The InboxStore contract on a real PostgreSQL. */
@Tag("integration")
class PostgresInboxStoreContractTest extends InboxStoreContract {
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
  protected InboxStore createStore() {
    return database.stores().inbox();
  }
}
