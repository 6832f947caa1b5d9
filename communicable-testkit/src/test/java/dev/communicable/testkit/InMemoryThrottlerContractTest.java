package dev.communicable.testkit;

import dev.communicable.memory.InMemoryThrottler;
import dev.communicable.memory.SettableClock;
import dev.communicable.spi.Throttler;
import java.time.Duration;
import java.time.Instant;

class InMemoryThrottlerContractTest extends ThrottlerContract {
  private final SettableClock clock = SettableClock.of(Instant.parse("2026-03-01T10:00:00Z"));

  @Override
  protected Throttler createThrottler() {
    return new InMemoryThrottler(clock);
  }

  @Override
  protected boolean advance(Duration duration) {
    clock.advance(duration);
    return true;
  }
}
