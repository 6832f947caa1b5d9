package dev.communicable.channel.support.internal;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** The executor an adapter owns: named daemon threads, a bounded count, an orderly stop. */
public final class OwnedExecutor {
  /** Most threads one executor runs; further tasks wait in its queue. */
  public static final int MAX_THREADS = 32;

  private OwnedExecutor() {}

  /**
   * At most {@link #MAX_THREADS} daemon threads named {@code prefix1}, {@code prefix2}..., idle
   * ones ending after a minute. It never rejects a task: the JDK HTTP client stops for good when
   * its executor refuses one, and the tasks waiting are bounded by the requests in flight.
   */
  public static ExecutorService create(String prefix) {
    AtomicInteger count = new AtomicInteger();
    ThreadPoolExecutor executor =
        new ThreadPoolExecutor(
            MAX_THREADS,
            MAX_THREADS,
            60,
            TimeUnit.SECONDS,
            new LinkedBlockingQueue<>(),
            runnable -> {
              Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    executor.allowCoreThreadTimeOut(true);
    return executor;
  }

  /**
   * Stops {@code executor}: lets running tasks finish for up to two seconds, then interrupts them
   * and waits up to three more.
   */
  public static void stop(ExecutorService executor) {
    executor.shutdown();
    try {
      if (!executor.awaitTermination(2, TimeUnit.SECONDS)) {
        executor.shutdownNow();
        executor.awaitTermination(3, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      executor.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }
}
