package dev.communicable.testkit;

import dev.communicable.memory.InMemoryThrottler;
import dev.communicable.spi.Throttler;
import java.time.Clock;

/** The same throttler on the system clock, exercising the contract's real-time path. */
class InMemoryThrottlerOnRealTimeContractTest extends ThrottlerContract {
  @Override
  protected Throttler createThrottler() {
    return new InMemoryThrottler(Clock.systemUTC());
  }
}
