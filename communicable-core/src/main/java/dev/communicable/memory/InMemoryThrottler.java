package dev.communicable.memory;

import dev.communicable.Arguments;
import dev.communicable.spi.ThrottleDecision;
import dev.communicable.spi.ThrottlePermit;
import dev.communicable.spi.Throttler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Sliding-window rate limiting for one process: each key keeps the times of its acquisitions within
 * the window (a sliding log, not fixed buckets), so no burst of {@code 2 x limit} can straddle a
 * window boundary. Taking several permits is all or nothing. The default when no shared throttler
 * (Redis) is configured.
 *
 * <p>Memory: a key holds at most {@code limit} timestamps, dropped as they leave the window; a key
 * with nothing left in its window is dropped too. At most {@code maxKeys} keys are tracked: when a
 * new key would exceed that, the least recently used key is forgotten first. A forgotten key starts
 * again with an empty window, so under that pressure a key may briefly allow more than its limit;
 * size {@code maxKeys} above the number of keys active within the longest window to avoid it.
 *
 * <p>Thread-safe: decisions are made under one lock, so a limit holds exactly under contention.
 */
public final class InMemoryThrottler implements Throttler {
  /** The default bound on tracked keys. */
  public static final int DEFAULT_MAX_KEYS = 100_000;

  /** How many of the least recently used keys one call checks for expiry. */
  private static final int SWEEP_PER_CALL = 4;

  private static final class Window {
    /** Acquisition times in nanoseconds since the epoch, oldest first. */
    final ArrayDeque<Long> times = new ArrayDeque<>();

    /** The longest window this key was used with; entries older than it are useless. */
    long longestWindowNanos;
  }

  private final Clock clock;
  private final int maxKeys;
  private final LinkedHashMap<String, Window> windows = new LinkedHashMap<>(16, 0.75f, true);

  /** A throttler on {@code clock} tracking up to {@link #DEFAULT_MAX_KEYS} keys. */
  public InMemoryThrottler(Clock clock) {
    this(clock, DEFAULT_MAX_KEYS);
  }

  /**
   * A throttler on {@code clock} tracking up to {@code maxKeys} keys.
   *
   * @throws IllegalArgumentException when maxKeys is below 1
   */
  public InMemoryThrottler(Clock clock, int maxKeys) {
    this.clock = Objects.requireNonNull(clock, "clock");
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be at least 1, was " + maxKeys);
    }
    this.maxKeys = maxKeys;
  }

  @Override
  public ThrottleDecision tryAcquire(List<ThrottlePermit> permits) {
    Arguments.notNull("permits", permits);
    for (int i = 0; i < permits.size(); i++) {
      Arguments.notNull("permits[" + i + "]", permits.get(i));
    }
    long now = nanos(clock.instant());
    synchronized (this) {
      sweep(now);
      // How many slots this call would take per key so far: permits may share a key.
      Map<String, Integer> taking = new HashMap<>();
      for (ThrottlePermit permit : permits) {
        long window = permit.window().toNanos();
        Window w = windows.get(permit.key());
        int inWindow = 0;
        if (w != null) {
          w.longestWindowNanos = Math.max(w.longestWindowNanos, window);
          drop(w, now);
          inWindow = countSince(w, now - window);
        }
        int already = taking.getOrDefault(permit.key(), 0);
        if (inWindow + already >= permit.limit()) {
          return ThrottleDecision.refuse(retryAfter(w, inWindow, already, permit, now));
        }
        taking.put(permit.key(), already + 1);
      }
      for (Map.Entry<String, Integer> e : taking.entrySet()) {
        Window w = windows.get(e.getKey());
        if (w == null) {
          makeRoom();
          w = new Window();
          windows.put(e.getKey(), w);
        }
        for (int i = 0; i < e.getValue(); i++) {
          w.times.addLast(now);
        }
      }
      for (ThrottlePermit permit : permits) {
        Window w = windows.get(permit.key());
        w.longestWindowNanos = Math.max(w.longestWindowNanos, permit.window().toNanos());
      }
      return ThrottleDecision.allow();
    }
  }

  /** How many keys are tracked now; for tests of the memory bound. */
  synchronized int trackedKeys() {
    return windows.size();
  }

  /**
   * When the window is full: the slot frees when enough of the oldest in-window acquisitions age
   * out. With {@code inWindow + already - limit + 1} to age out, that is the acquisition at index
   * {@code inWindow + already - limit} among those in the window; one taken by this very call
   * (beyond the stored ones) frees a whole window from now.
   */
  private static Duration retryAfter(
      @Nullable Window w, int inWindow, int already, ThrottlePermit permit, long now) {
    long window = permit.window().toNanos();
    int index = inWindow + already - permit.limit();
    long freesAt;
    if (w == null || index >= inWindow) {
      freesAt = now + window;
    } else {
      int skip = w.times.size() - inWindow + index;
      Iterator<Long> it = w.times.iterator();
      for (int i = 0; i < skip; i++) {
        it.next();
      }
      freesAt = it.next() + window;
    }
    long wait = Math.min(window, Math.max(1, freesAt - now));
    return Duration.ofNanos(wait);
  }

  /** Counts acquisitions after {@code since}; the deque is oldest first. */
  private static int countSince(Window w, long since) {
    int count = 0;
    for (Iterator<Long> it = w.times.descendingIterator(); it.hasNext(); ) {
      if (it.next() <= since) {
        break;
      }
      count++;
    }
    return count;
  }

  /** Drops acquisitions older than every window the key is used with. */
  private static void drop(Window w, long now) {
    long horizon = now - w.longestWindowNanos;
    while (!w.times.isEmpty() && w.times.peekFirst() <= horizon) {
      w.times.pollFirst();
    }
  }

  /** Drops a few of the least recently used keys whose windows are empty. */
  private void sweep(long now) {
    Iterator<Window> it = windows.values().iterator();
    for (int i = 0; i < SWEEP_PER_CALL && it.hasNext(); i++) {
      Window w = it.next();
      drop(w, now);
      if (w.times.isEmpty()) {
        it.remove();
      }
    }
  }

  private void makeRoom() {
    Iterator<Window> it = windows.values().iterator();
    while (windows.size() >= maxKeys && it.hasNext()) {
      it.next();
      it.remove();
    }
  }

  private static long nanos(Instant instant) {
    return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
  }
}
