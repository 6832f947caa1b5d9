package dev.communicable.memory;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SettableClockTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  @Test
  void stands_still_until_set_or_advanced() {
    SettableClock clock = SettableClock.of(T0);
    assertThat(clock.instant()).isEqualTo(T0);
    assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
    assertThat(clock.advance(Duration.ofMinutes(5))).isEqualTo(T0.plusSeconds(300));
    assertThat(clock.millis()).isEqualTo(T0.plusSeconds(300).toEpochMilli());
    clock.set(T0.minusSeconds(1));
    assertThat(clock.instant()).isEqualTo(T0.minusSeconds(1));
  }

  @Test
  void a_clock_in_another_zone_shares_the_instant() {
    SettableClock clock = SettableClock.of(T0);
    SettableClock paris = clock.withZone(ZoneId.of("Europe/Paris"));
    clock.advance(Duration.ofHours(1));
    assertThat(paris.instant()).isEqualTo(T0.plusSeconds(3600));
    assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
  }

  @Test
  void concurrent_advances_are_not_lost() throws Exception {
    SettableClock clock = SettableClock.of(T0);
    Thread[] threads = new Thread[4];
    for (int i = 0; i < threads.length; i++) {
      threads[i] =
          new Thread(
              () -> {
                for (int j = 0; j < 1000; j++) {
                  clock.advance(Duration.ofMillis(1));
                }
              });
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(clock.instant()).isEqualTo(T0.plusMillis(4000));
  }
}
