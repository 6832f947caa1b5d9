package dev.communicable.testkit;

import dev.communicable.memory.InMemoryStores;
import dev.communicable.spi.InboxStore;

class InMemoryInboxStoreContractTest extends InboxStoreContract {
  @Override
  protected InboxStore createStore() {
    return InMemoryStores.create().inbox();
  }
}
