package dev.communicable.jdbc;

import dev.communicable.spi.TemplateStore;
import dev.communicable.testkit.TemplateStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The TemplateStore contract on embedded H2. */
class H2TemplateStoreContractTest extends TemplateStoreContract {
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
  protected TemplateStore createStore() {
    return database.stores().templates();
  }
}
