package dev.communicable.internal;

import dev.communicable.spi.DeliveryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Purges finished deliveries older than the retention, at most once per sweep interval of the
 * engine's clock, in bounded batches, so that the store does not grow without end. Whoever calls
 * {@link #sweepIfDue()} first after the interval does the sweep; others return at once.
 */
final class Retention {
  private static final Logger log = LoggerFactory.getLogger(Retention.class);
  private static final int BATCH = 500;
  private static final int MAX_BATCHES_PER_SWEEP = 100;
  private static final Duration MAX_INTERVAL = Duration.ofHours(1);

  private final DeliveryStore store;
  private final Clock clock;
  private final Duration retention;
  private final Duration interval;
  private final AtomicReference<Instant> nextSweep;

  Retention(DeliveryStore store, Clock clock, Duration retention) {
    this.store = store;
    this.clock = clock;
    this.retention = retention;
    this.interval = retention.compareTo(MAX_INTERVAL) < 0 ? retention : MAX_INTERVAL;
    this.nextSweep = new AtomicReference<>(clock.instant().plus(interval));
  }

  /** Sweeps when the interval has passed; returns how many deliveries were purged. */
  int sweepIfDue() {
    Instant now = clock.instant();
    Instant due = nextSweep.get();
    if (now.isBefore(due) || !nextSweep.compareAndSet(due, now.plus(interval))) {
      return 0;
    }
    Instant before = now.minus(retention);
    int purged = 0;
    try {
      for (int i = 0; i < MAX_BATCHES_PER_SWEEP; i++) {
        int removed = store.purge(before, BATCH);
        purged += removed;
        if (removed < BATCH) {
          break;
        }
      }
    } catch (RuntimeException e) {
      log.warn("Purging deliveries finished before {} failed; will try again", before, e);
    }
    if (purged > 0) {
      log.info("Purged {} deliveries finished before {}", purged, before);
    }
    return purged;
  }
}
