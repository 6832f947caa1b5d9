package dev.communicable.testkit;

import dev.communicable.memory.InMemoryStores;
import dev.communicable.spi.DeliveryStore;

class InMemoryDeliveryStoreContractTest extends DeliveryStoreContract {
  @Override
  protected DeliveryStore createStore() {
    return InMemoryStores.create().deliveries();
  }

  @Override
  protected boolean signalsWork() {
    return true;
  }
}
