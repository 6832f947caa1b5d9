package dev.communicable.testkit;

import dev.communicable.memory.InMemoryStores;
import dev.communicable.spi.WorkflowRunStore;

class InMemoryWorkflowRunStoreContractTest extends WorkflowRunStoreContract {
  @Override
  protected WorkflowRunStore createStore() {
    return InMemoryStores.create().workflowRuns();
  }
}
