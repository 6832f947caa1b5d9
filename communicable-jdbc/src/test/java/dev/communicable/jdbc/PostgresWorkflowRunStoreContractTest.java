package dev.communicable.jdbc;

import dev.communicable.spi.WorkflowRunStore;
import dev.communicable.testkit.WorkflowRunStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The WorkflowRunStore contract on a real PostgreSQL; the tables are emptied before each test. */
@Tag("integration")
class PostgresWorkflowRunStoreContractTest extends WorkflowRunStoreContract {
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
  protected WorkflowRunStore createStore() {
    database.truncate();
    return database.stores().workflowRuns();
  }
}
