package dev.communicable.jdbc;

import dev.communicable.spi.TemplateStore;
import dev.communicable.testkit.TemplateStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The TemplateStore contract on a real PostgreSQL. */
@Tag("integration")
class PostgresTemplateStoreContractTest extends TemplateStoreContract {
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
  protected TemplateStore createStore() {
    return database.stores().templates();
  }
}
