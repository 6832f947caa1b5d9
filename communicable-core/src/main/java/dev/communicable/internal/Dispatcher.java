package dev.communicable.internal;

import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.spi.DeliveryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the delivery workers: {@code workers} named threads ({@code communicable-worker-N}) that
 * claim due deliveries in batches under a lease and hand each to the {@link DeliveryWorker}. Idle
 * workers wait for a {@link WorkSignal} or the poll interval, never spin.
 *
 * <p>Between batches, whichever thread comes first also purges finished deliveries past their
 * retention.
 *
 * <p>{@link #close()} stops claiming, lets each worker finish the send in progress (up to the
 * shutdown timeout), then returns every delivery still held to the queue, so nothing is lost and no
 * thread is left running.
 */
final class Dispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  private final DeliveryStore store;
  private final DeliveryWorker worker;
  private final DeliveryRecorder recorder;
  private final Clock clock;
  private final String workerId;
  private final int batchSize;
  private final Duration pollInterval;
  private final Duration lease;
  private final Duration shutdownTimeout;
  private final Retention retention;
  private final WorkSignal signal = new WorkSignal();
  private final List<Loop> loops = new ArrayList<>();
  private volatile boolean running = true;

  Dispatcher(
      DeliveryStore store,
      DeliveryWorker worker,
      DeliveryRecorder recorder,
      Clock clock,
      String workerId,
      int workers,
      int batchSize,
      Duration pollInterval,
      Duration lease,
      Duration shutdownTimeout,
      Retention retention) {
    this.store = store;
    this.retention = retention;
    this.worker = worker;
    this.recorder = recorder;
    this.clock = clock;
    this.workerId = workerId;
    this.batchSize = batchSize;
    this.pollInterval = pollInterval;
    this.lease = lease;
    this.shutdownTimeout = shutdownTimeout;
    for (int i = 1; i <= workers; i++) {
      loops.add(new Loop(workerId + "/" + i, "communicable-worker-" + i));
    }
  }

  void start() {
    loops.forEach(loop -> loop.thread.start());
  }

  /** Tells idle workers that work may be due. */
  void wake() {
    signal.signal();
  }

  /**
   * Claims and processes everything due now on the calling thread, follow-ups that become due now
   * included; returns how many deliveries it processed.
   */
  int dispatchDue() {
    String owner = workerId + "/caller";
    retention.sweepIfDue();
    int processed = 0;
    while (running) {
      List<Delivery> batch = store.claim(owner, batchSize, clock.instant(), lease);
      if (batch.isEmpty()) {
        break;
      }
      for (Delivery d : batch) {
        worker.process(d, owner);
        processed++;
      }
    }
    return processed;
  }

  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    signal.signal();
    long deadline = System.nanoTime() + shutdownTimeout.toNanos();
    for (Loop loop : loops) {
      join(loop.thread, deadline - System.nanoTime());
    }
    for (Loop loop : loops) {
      if (loop.thread.isAlive()) {
        log.warn("{} still busy after {}; interrupting it", loop.thread.getName(), shutdownTimeout);
        loop.thread.interrupt();
        join(loop.thread, TimeUnit.SECONDS.toNanos(5));
      }
      loop.release();
    }
  }

  private static void join(Thread thread, long nanos) {
    if (nanos <= 0) {
      return;
    }
    try {
      thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(nanos)));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One worker thread and the deliveries it holds. */
  private final class Loop implements Runnable {
    private final String owner;
    private final Thread thread;
    private final Map<DeliveryId, Delivery> held = new ConcurrentHashMap<>();

    Loop(String owner, String threadName) {
      this.owner = owner;
      this.thread = new Thread(this, threadName);
      this.thread.setDaemon(false);
    }

    @Override
    public void run() {
      while (running && !Thread.currentThread().isInterrupted()) {
        long seen = signal.generation();
        retention.sweepIfDue();
        List<Delivery> batch;
        try {
          batch = store.claim(owner, batchSize, clock.instant(), lease);
        } catch (RuntimeException e) {
          log.warn("Claiming deliveries failed; trying again in {}", pollInterval, e);
          batch = List.of();
        }
        if (batch.isEmpty()) {
          try {
            signal.awaitAfter(seen, pollInterval);
          } catch (InterruptedException e) {
            break;
          }
          continue;
        }
        batch.forEach(d -> held.put(d.id(), d));
        for (Delivery d : batch) {
          if (!running) {
            break;
          }
          try {
            worker.process(d, owner);
          } finally {
            held.remove(d.id());
          }
        }
      }
      release();
    }

    /** Returns every delivery this worker still holds to the queue, due as before. */
    void release() {
      for (Delivery d : List.copyOf(held.values())) {
        if (held.remove(d.id()) == null) {
          continue;
        }
        Instant now = clock.instant();
        try {
          recorder.write(
              d, d.apply(DeliveryEvent.DEFER, now), owner, null, "released at shutdown", List.of());
        } catch (RuntimeException e) {
          log.warn("Could not release delivery {}; its lease will run out", d.id(), e);
        }
      }
    }
  }
}
