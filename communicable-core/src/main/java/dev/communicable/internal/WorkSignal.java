package dev.communicable.internal;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes idle workers when work may have arrived. A worker reads the {@link #generation()} before it
 * looks for work and, finding none, waits for a later generation (or the poll interval), so a
 * signal sent while it was looking is never missed.
 */
final class WorkSignal {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private long generation;

  long generation() {
    lock.lock();
    try {
      return generation;
    } finally {
      lock.unlock();
    }
  }

  /** Wakes every waiting worker. */
  void signal() {
    lock.lock();
    try {
      generation++;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Waits until a signal after {@code seen}, or at most {@code max}. */
  void awaitAfter(long seen, Duration max) throws InterruptedException {
    long nanos = TimeUnit.NANOSECONDS.convert(max);
    lock.lock();
    try {
      while (generation == seen && nanos > 0) {
        nanos = changed.awaitNanos(nanos);
      }
    } finally {
      lock.unlock();
    }
  }
}
