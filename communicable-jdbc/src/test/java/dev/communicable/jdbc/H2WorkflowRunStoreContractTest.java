package dev.communicable.jdbc;

import dev.communicable.spi.WorkflowRunStore;
import dev.communicable.testkit.WorkflowRunStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The WorkflowRunStore contract on embedded H2; the tables are emptied before each test. */
class H2WorkflowRunStoreContractTest extends WorkflowRunStoreContract {
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
  protected WorkflowRunStore createStore() {
    database.truncate();
    return database.stores().workflowRuns();
  }
}
