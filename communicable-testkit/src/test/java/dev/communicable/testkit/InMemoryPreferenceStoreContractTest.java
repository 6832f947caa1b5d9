package dev.communicable.testkit;

import dev.communicable.memory.InMemoryStores;
import dev.communicable.spi.PreferenceStore;

class InMemoryPreferenceStoreContractTest extends PreferenceStoreContract {
  @Override
  protected PreferenceStore createStore() {
    return InMemoryStores.create().preferences();
  }
}
