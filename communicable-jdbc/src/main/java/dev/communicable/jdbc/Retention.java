package dev.communicable.jdbc;

import dev.communicable.Arguments;
import dev.communicable.spi.DeliveryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the delivery tables from growing without end: removes finished deliveries (sent, failed,
 * dead-lettered, suppressed, cancelled, expired) last changed longer ago than {@link
 * Builder#olderThan}, with their attempts and timeline, and messages left with no delivery. Works a
 * bounded batch at a time (one short transaction each), so it never holds many locks nor a long
 * transaction.
 *
 * <pre>{@code
 * Retention retention = Retention.builder(stores.deliveries())
 *     .olderThan(Duration.ofDays(30)).batchSize(1_000).every(Duration.ofHours(1))
 *     .start();          // a named background thread; or call runOnce() from your own scheduler
 * ...
 * retention.close();
 * }</pre>
 */
public final class Retention implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Retention.class);

  private final DeliveryStore store;
  private final Duration olderThan;
  private final int batchSize;
  private final int maxBatchesPerRun;
  private final Duration every;
  private final Clock clock;
  private @Nullable ScheduledExecutorService executor;

  private Retention(Builder b) {
    this.store = b.store;
    this.olderThan = b.olderThan;
    this.batchSize = b.batchSize;
    this.maxBatchesPerRun = b.maxBatchesPerRun;
    this.every = b.every;
    this.clock = b.clock;
  }

  /** A retention job for {@code store} (any {@link DeliveryStore}, JDBC or not). */
  public static Builder builder(DeliveryStore store) {
    return new Builder(Arguments.notNull("store", store));
  }

  /**
   * Purges, batch by batch, everything finished before now minus the configured age, stopping when
   * a batch comes back short or after the configured number of batches.
   *
   * @return how many deliveries were removed
   */
  public int runOnce() {
    Instant before = clock.instant().minus(olderThan);
    int total = 0;
    for (int batch = 0; batch < maxBatchesPerRun; batch++) {
      int removed = store.purge(before, batchSize);
      total += removed;
      if (removed < batchSize) {
        break;
      }
    }
    return total;
  }

  /** Runs {@link #runOnce()} now and then at the configured interval, on a named thread. */
  public synchronized Retention start() {
    if (executor != null) {
      throw new IllegalStateException("retention already started");
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "communicable-retention");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(this::runLogged, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    return this;
  }

  private void runLogged() {
    try {
      int removed = runOnce();
      if (removed > 0) {
        LOG.info("retention removed {} finished deliveries older than {}", removed, olderThan);
      }
    } catch (RuntimeException e) {
      LOG.warn("retention run failed; trying again in {}", every, e);
    }
  }

  /** Stops the background runs, waiting for one in progress. */
  @Override
  public synchronized void close() {
    if (executor == null) {
      return;
    }
    executor.shutdown();
    try {
      if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
        executor.shutdownNow();
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
    executor = null;
  }

  /** Builds a {@link Retention}; every setter checks its value. */
  public static final class Builder {
    private final DeliveryStore store;
    private Duration olderThan = Duration.ofDays(30);
    private int batchSize = 1_000;
    private int maxBatchesPerRun = 1_000;
    private Duration every = Duration.ofHours(1);
    private Clock clock = Clock.systemUTC();

    private Builder(DeliveryStore store) {
      this.store = store;
    }

    /** How long finished deliveries are kept after their last change. Default: 30 days. */
    public Builder olderThan(Duration age) {
      this.olderThan = Arguments.positive("olderThan", age);
      return this;
    }

    /** Deliveries removed per transaction, 1 to 10,000. Default: 1,000. */
    public Builder batchSize(int batchSize) {
      this.batchSize = Arguments.between("batchSize", batchSize, 1, 10_000);
      return this;
    }

    /** The most batches one run removes, so one run stays bounded too. Default: 1,000. */
    public Builder maxBatchesPerRun(int maxBatches) {
      this.maxBatchesPerRun = Arguments.positive("maxBatchesPerRun", maxBatches);
      return this;
    }

    /** The pause between background runs. Default: 1 hour. */
    public Builder every(Duration interval) {
      this.every = Arguments.positive("every", interval);
      return this;
    }

    /** The clock that says what "now" is. Default: the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Arguments.notNull("clock", clock);
      return this;
    }

    public Retention build() {
      return new Retention(this);
    }

    /** Builds and {@link Retention#start() starts} it. */
    public Retention start() {
      return build().start();
    }
  }
}
