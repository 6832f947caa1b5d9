package dev.communicable.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link OrchestrationJob}s on one background thread ({@code communicable-orchestrator}):
 * each round gives every job one batch; after a round in which nothing was due the thread waits for
 * {@link #wake()} or the poll interval. A job that throws is logged and tried again next round; it
 * does not stop the others. With no background thread (an engine built with 0 workers) the jobs run
 * only through {@link #runDue()}.
 */
final class Orchestrator implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);

  /** The most rounds {@link #runDue()} makes, so a job that always finds work cannot hang it. */
  static final int MAX_ROUNDS = 10_000;

  private final List<OrchestrationJob> jobs = new ArrayList<>();
  private final Duration pollInterval;
  private final boolean background;
  private final WorkSignal signal = new WorkSignal();
  private volatile boolean running = true;
  private @Nullable Thread thread;

  Orchestrator(boolean background, Duration pollInterval) {
    this.background = background;
    this.pollInterval = pollInterval;
  }

  /** Adds a job; only before {@link #start()}. */
  void add(OrchestrationJob job) {
    if (thread != null) {
      throw new IllegalStateException("jobs are added before the orchestrator starts");
    }
    jobs.add(job);
  }

  void start() {
    if (!background || jobs.isEmpty()) {
      return;
    }
    Thread t = new Thread(this::loop, "communicable-orchestrator");
    t.setDaemon(true);
    thread = t;
    t.start();
  }

  /** Tells the background thread that work may be due now. */
  void wake() {
    signal.signal();
  }

  /**
   * Runs every job on the calling thread until none finds anything due.
   *
   * @return how many items the jobs processed
   */
  int runDue() {
    int total = 0;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      int done = round();
      if (done == 0) {
        return total;
      }
      total += done;
    }
    log.warn("Orchestration jobs still found work after {} rounds; stopping here", MAX_ROUNDS);
    return total;
  }

  private int round() {
    int done = 0;
    for (OrchestrationJob job : jobs) {
      done += job.runDue();
    }
    return done;
  }

  private void loop() {
    while (running) {
      long seen = signal.generation();
      int done = 0;
      for (OrchestrationJob job : jobs) {
        if (!running) {
          return;
        }
        try {
          done += job.runDue();
        } catch (RuntimeException e) {
          log.warn("Orchestration job '{}' failed; trying again next round", job.name(), e);
        }
      }
      if (done == 0) {
        try {
          signal.awaitAfter(seen, pollInterval);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /** Stops the background thread after the batch in progress (waiting at most {@code timeout}). */
  void close(Duration timeout) {
    running = false;
    signal.signal();
    Thread t = thread;
    if (t != null) {
      try {
        t.join(Math.max(1, timeout.toMillis()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (t.isAlive()) {
        t.interrupt();
      }
    }
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(30));
  }
}
