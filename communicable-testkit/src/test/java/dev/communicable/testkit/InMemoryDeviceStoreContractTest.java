package dev.communicable.testkit;

import dev.communicable.memory.InMemoryStores;
import dev.communicable.spi.DeviceStore;

class InMemoryDeviceStoreContractTest extends DeviceStoreContract {
  @Override
  protected DeviceStore createStore() {
    return InMemoryStores.create().devices();
  }
}
