package dev.communicable.jdbc;

import dev.communicable.spi.WorkflowDefinitionStore;
import dev.communicable.testkit.WorkflowDefinitionStoreContract;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The WorkflowDefinitionStore contract on embedded H2. */
class H2WorkflowDefinitionStoreContractTest extends WorkflowDefinitionStoreContract {
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
  protected WorkflowDefinitionStore createStore() {
    return database.stores().workflowDefinitions();
  }
}
