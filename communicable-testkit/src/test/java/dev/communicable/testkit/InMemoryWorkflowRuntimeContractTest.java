package dev.communicable.testkit;

import dev.communicable.memory.InMemoryStores;
import dev.communicable.spi.Stores;

class InMemoryWorkflowRuntimeContractTest extends WorkflowRuntimeContract {
  @Override
  protected Stores createStores() {
    return InMemoryStores.create();
  }
}
