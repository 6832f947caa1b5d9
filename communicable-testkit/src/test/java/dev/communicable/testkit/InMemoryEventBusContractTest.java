package dev.communicable.testkit;

import dev.communicable.memory.InMemoryEventBus;
import dev.communicable.spi.EventBus;

class InMemoryEventBusContractTest extends EventBusContract {
  @Override
  protected EventBus createEventBus() {
    return new InMemoryEventBus();
  }
}
