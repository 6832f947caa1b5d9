package dev.communicable.jdbc;

import dev.communicable.spi.Stores;
import dev.communicable.testkit.WorkflowRuntimeContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/**
 * Workflows end to end on a real PostgreSQL; the tables are emptied before each test, and the other
 * node of the crash test has stores of its own on the same database.
 */
@Tag("integration")
class PostgresWorkflowRuntimeContractTest extends WorkflowRuntimeContract {
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

  @Override
  protected Stores anotherNode(Stores stores) {
    return database.anotherNode();
  }
}
