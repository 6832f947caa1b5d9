package dev.communicable.jdbc;

import dev.communicable.spi.Stores;
import dev.communicable.testkit.InputLimitsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The input limits contract on a real PostgreSQL, checking row counts as well as write calls. */
@Tag("integration")
class PostgresInputLimitsContractTest extends InputLimitsContract {
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
    return database.stores();
  }

  @Override
  protected Object storedContents() {
    return database.rowCounts();
  }
}
