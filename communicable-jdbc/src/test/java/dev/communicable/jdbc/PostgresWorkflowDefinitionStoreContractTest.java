package dev.communicable.jdbc;

import dev.communicable.spi.WorkflowDefinitionStore;
import dev.communicable.testkit.WorkflowDefinitionStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The WorkflowDefinitionStore contract on a real PostgreSQL. */
@Tag("integration")
class PostgresWorkflowDefinitionStoreContractTest extends WorkflowDefinitionStoreContract {
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
  protected WorkflowDefinitionStore createStore() {
    return database.stores().workflowDefinitions();
  }
}
