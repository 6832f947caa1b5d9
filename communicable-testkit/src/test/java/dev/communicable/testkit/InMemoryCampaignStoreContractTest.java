package dev.communicable.testkit;

import dev.communicable.memory.InMemoryStores;
import dev.communicable.spi.Stores;

class InMemoryCampaignStoreContractTest extends CampaignStoreContract {
  @Override
  protected Stores createStores() {
    return InMemoryStores.create();
  }
}
