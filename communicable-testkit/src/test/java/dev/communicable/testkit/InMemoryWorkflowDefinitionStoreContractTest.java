package dev.communicable.testkit;

import dev.communicable.memory.InMemoryStores;
import dev.communicable.spi.WorkflowDefinitionStore;

class InMemoryWorkflowDefinitionStoreContractTest extends WorkflowDefinitionStoreContract {
  @Override
  protected WorkflowDefinitionStore createStore() {
    return InMemoryStores.create().workflowDefinitions();
  }
}
