package dev.communicable.testkit;

import dev.communicable.memory.InMemoryStores;
import dev.communicable.spi.Stores;

class InMemoryInputLimitsContractTest extends InputLimitsContract {
  @Override
  protected Stores createStores() {
    return InMemoryStores.create();
  }
}
