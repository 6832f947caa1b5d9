package dev.communicable.jdbc;

import dev.communicable.spi.Stores;
import dev.communicable.testkit.CampaignStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * The CampaignStore contract, and campaigns run on it, on Postgres; the tables are emptied per
 * test.
 */
@Tag("integration")
class PostgresCampaignStoreContractTest extends CampaignStoreContract {
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
  protected Stores createStores() {
    database.truncate();
    return database.stores();
  }
}
