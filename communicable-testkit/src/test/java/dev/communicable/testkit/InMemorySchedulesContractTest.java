package dev.communicable.testkit;

import dev.communicable.memory.InMemoryStores;
import dev.communicable.spi.Stores;

class InMemorySchedulesContractTest extends SchedulesContract {
  @Override
  protected Stores createStores() {
    return InMemoryStores.create();
  }
}
