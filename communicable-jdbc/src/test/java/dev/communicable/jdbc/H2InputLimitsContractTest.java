package dev.communicable.jdbc;

import dev.communicable.spi.Stores;
import dev.communicable.testkit.InputLimitsContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The input limits contract on embedded H2, checking row counts as well as write calls. */
class H2InputLimitsContractTest extends InputLimitsContract {
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
    return database.stores();
  }

  @Override
  protected Object storedContents() {
    return database.rowCounts();
  }
}
