package dev.communicable.testkit;

import dev.communicable.memory.InMemoryStores;
import dev.communicable.spi.TemplateStore;

class InMemoryTemplateStoreContractTest extends TemplateStoreContract {
  @Override
  protected TemplateStore createStore() {
    return InMemoryStores.create().templates();
  }
}
