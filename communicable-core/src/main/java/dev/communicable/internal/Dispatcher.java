package dev.communicable.internal;

import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.spi.ClaimedDelivery;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.Lease;
import dev.communicable.spi.StoredDelivery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the delivery workers: {@code workers} named threads ({@code communicable-worker-N}) that
 * claim due deliveries in batches under a lease and hand each to the {@link DeliveryWorker}. Idle
 * workers wait for a {@link WorkSignal} or the poll interval, never spin. The outcomes of a batch
 * are written together through an {@link OutcomeBatch}: at the latest when the batch is done,
 * earlier when one waited {@link OutcomeBatch#MAX_HOLD} (the watch thread below writes them when
 * the worker is stuck in a slow or hung send), and always before the next claim.
 *
 * <p>A claimed delivery not yet started is handed back to the queue (no attempt counted) once half
 * its lease is spent: by its worker before starting it, and by a watch thread ({@code
 * communicable-lease-watch}) when the worker is stuck on an earlier send. So when a lease runs out
 * and another worker takes over, what it takes over is the one send in progress, and counting that
 * take-over against the delivery is fair to the rest of the batch.
 *
 * <p>Between batches, each worker runs the housekeeping (purging finished deliveries past their
 * retention, looking again at parked receipts); each task there does its work at most once per its
 * own interval, whichever thread comes first.
 *
 * <p>{@link #close()} stops claiming, lets each worker finish the send in progress (up to the
 * shutdown timeout) and write its batch's outcomes, then returns every delivery still held and not
 * started to the queue, so nothing is lost and no thread is left running.
 */
final class Dispatcher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Dispatcher.class);

  /**
   * How often, at most and at least, the watch thread looks for half-spent leases (and for outcomes
   * held too long).
   */
  private static final Duration MIN_WATCH = Duration.ofMillis(10);

  private static final Duration MAX_WATCH = Duration.ofSeconds(10);

  private final DeliveryStore store;
  private final DeliveryWorker worker;
  private final DeliveryRecorder recorder;
  private final Clock clock;
  private final String workerId;
  private final int batchSize;
  private final Duration pollInterval;
  private final Duration lease;
  private final Duration shutdownTimeout;
  private final Runnable housekeeping;
  private final WorkSignal signal = new WorkSignal();
  private final List<Loop> loops = new ArrayList<>();
  private final @Nullable ScheduledExecutorService watch;
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
      Runnable housekeeping) {
    this.store = store;
    this.housekeeping = housekeeping;
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
    this.watch =
        workers == 0
            ? null
            : Executors.newSingleThreadScheduledExecutor(
                r -> {
                  Thread t = new Thread(r, "communicable-lease-watch");
                  t.setDaemon(false);
                  return t;
                });
  }

  void start() {
    loops.forEach(loop -> loop.thread.start());
    if (watch != null) {
      Duration shortest = pollInterval.compareTo(lease) < 0 ? pollInterval : lease;
      if (shortest.compareTo(OutcomeBatch.MAX_HOLD) > 0) {
        shortest = OutcomeBatch.MAX_HOLD; // it also writes outcomes a stuck worker holds
      }
      long every = clamp(shortest).toMillis();
      watch.scheduleWithFixedDelay(this::handBackHalfSpent, every, every, TimeUnit.MILLISECONDS);
    }
  }

  private void housekeeping() {
    try {
      housekeeping.run();
    } catch (RuntimeException e) {
      log.warn("Housekeeping between batches failed", e);
    }
  }

  private static Duration clamp(Duration d) {
    return d.compareTo(MIN_WATCH) < 0 ? MIN_WATCH : d.compareTo(MAX_WATCH) > 0 ? MAX_WATCH : d;
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
    housekeeping();
    int processed = 0;
    while (running) {
      List<ClaimedDelivery> batch = store.claim(owner, batchSize, clock.instant(), lease);
      if (batch.isEmpty()) {
        break;
      }
      OutcomeBatch out = new OutcomeBatch(recorder, owner, batchSize, lease);
      try {
        for (ClaimedDelivery claim : batch) {
          if (handBackIfHalfSpent(claim.stored(), owner)) {
            continue;
          }
          worker.process(claim, out);
          out.flushIfDue();
          processed++;
        }
      } finally {
        out.flush();
      }
    }
    return processed;
  }

  /**
   * Returns {@code d}, claimed but not started, to the queue when half its lease is spent, so that
   * its lease never runs out unstarted (a take-over would count against it).
   *
   * @return true when it was handed back (or could not be, and must not be started either)
   */
  private boolean handBackIfHalfSpent(StoredDelivery d, String owner) {
    Instant now = clock.instant();
    if (!halfSpent(d, now)) {
      return false;
    }
    handBack(d, owner, now, "half its lease spent before it was started by " + owner);
    return true;
  }

  private boolean halfSpent(StoredDelivery d, Instant now) {
    Lease held = d.lease();
    return held != null && !now.isBefore(held.until().minus(lease.dividedBy(2)));
  }

  private void handBack(StoredDelivery d, String owner, Instant now, String detail) {
    try {
      recorder.write(
          d, d.delivery().apply(DeliveryEvent.DEFER, now), owner, null, detail, List.of());
    } catch (RuntimeException e) {
      log.warn("Could not hand delivery {} back to the queue; its lease will run out", d.id(), e);
    }
  }

  private void handBackHalfSpent() {
    try {
      for (Loop loop : loops) {
        loop.handBackHalfSpent();
      }
    } catch (RuntimeException e) {
      log.warn("Looking for half-spent leases failed", e);
    }
  }

  @Override
  public void close() {
    if (!running) {
      return;
    }
    running = false;
    signal.signal();
    if (watch != null) {
      watch.shutdownNow();
    }
    // Waiting for threads is real time, not a decision about deliveries: the injected clock (which
    // a test may have frozen) has no say in it.
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
    if (watch != null) {
      try {
        if (!watch.awaitTermination(5, TimeUnit.SECONDS)) {
          log.warn("The lease watch thread did not stop");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
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

  /**
   * One worker thread and the deliveries it claimed and has not started. Starting a delivery and
   * handing it back both remove it from {@code waiting} first, so exactly one of them happens.
   */
  private final class Loop implements Runnable {
    private final String owner;
    private final Thread thread;
    private final Map<DeliveryId, StoredDelivery> waiting = new ConcurrentHashMap<>();

    /** The outcomes of the batch in progress, for the watch to flush when the worker is stuck. */
    private volatile @Nullable OutcomeBatch outcomes;

    Loop(String owner, String threadName) {
      this.owner = owner;
      this.thread = new Thread(this, threadName);
      this.thread.setDaemon(false);
    }

    @Override
    public void run() {
      while (running && !Thread.currentThread().isInterrupted()) {
        long seen = signal.generation();
        housekeeping();
        List<ClaimedDelivery> batch;
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
        batch.forEach(c -> waiting.put(c.stored().id(), c.stored()));
        OutcomeBatch out = new OutcomeBatch(recorder, owner, batchSize, lease);
        outcomes = out;
        try {
          for (ClaimedDelivery claim : batch) {
            if (!running) {
              break;
            }
            StoredDelivery d = claim.stored();
            if (waiting.remove(d.id()) == null || handBackIfHalfSpent(d, owner)) {
              continue; // handed back by the watch, or now
            }
            worker.process(claim, out);
            out.flushIfDue();
          }
        } finally {
          outcomes = null;
          out.flush(); // before the next claim, and at shutdown before the release
        }
      }
      release();
    }

    /**
     * Writes the outcomes that waited too long (the worker is stuck in a slow send), then hands
     * back the waiting deliveries whose lease is half spent.
     */
    void handBackHalfSpent() {
      OutcomeBatch out = outcomes;
      if (out != null) {
        out.flushIfDue();
      }
      Instant now = clock.instant();
      for (StoredDelivery d : List.copyOf(waiting.values())) {
        if (halfSpent(d, now) && waiting.remove(d.id()) != null) {
          handBack(d, owner, now, "half its lease spent while " + owner + " was busy");
        }
      }
    }

    /** Returns every delivery this worker holds and has not started to the queue, due as before. */
    void release() {
      for (StoredDelivery d : List.copyOf(waiting.values())) {
        if (waiting.remove(d.id()) != null) {
          handBack(d, owner, clock.instant(), "released at shutdown");
        }
      }
    }
  }
}
