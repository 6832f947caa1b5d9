package dev.communicable.testkit;

import dev.communicable.memory.InMemoryStores;
import dev.communicable.spi.ScheduleStore;

class InMemoryScheduleStoreContractTest extends ScheduleStoreContract {
  @Override
  protected ScheduleStore createStore() {
    return InMemoryStores.create().schedules();
  }
}
