package dev.communicable.jdbc;

import dev.communicable.spi.Stores;
import dev.communicable.testkit.CampaignStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The CampaignStore contract, and campaigns run on it, on H2; the tables are emptied per test. */
class H2CampaignStoreContractTest extends CampaignStoreContract {
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
}
