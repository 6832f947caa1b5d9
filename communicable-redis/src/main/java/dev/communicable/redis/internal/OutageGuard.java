package dev.communicable.redis.internal;

import dev.communicable.redis.RedisOutageListener;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Tracks whether Redis answers a component. While it does not, only one call per probe interval
 * goes to Redis (a probe, made by whichever caller comes first); the others are answered at once
 * without it, so an outage costs callers no timeouts beyond the probes'. The listener hears of each
 * outage once, when it begins, and once when a call succeeds again.
 */
public final class OutageGuard {
  private final String component;
  private final long probeIntervalMillis;
  private final Clock clock;
  private final RedisOutageListener listener;

  private volatile boolean down;
  private long downSince;
  private final AtomicLong nextProbeAt = new AtomicLong();
  private final AtomicLong callsWithoutRedis = new AtomicLong();

  public OutageGuard(
      String component, Duration probeInterval, Clock clock, RedisOutageListener listener) {
    this.component = component;
    this.probeIntervalMillis = probeInterval.toMillis();
    this.clock = clock;
    this.listener = listener;
  }

  /**
   * True when the caller should call Redis now: Redis is up, or it is down and the caller won this
   * interval's probe. When false, the caller answers without Redis.
   */
  public boolean shouldCall() {
    if (!down) {
      return true;
    }
    long next = nextProbeAt.get();
    long now = clock.millis();
    if (now >= next && nextProbeAt.compareAndSet(next, now + probeIntervalMillis)) {
      return true;
    }
    callsWithoutRedis.incrementAndGet();
    return false;
  }

  /** A call to Redis succeeded: ends the outage, if there was one. */
  public void succeeded() {
    if (!down) {
      return;
    }
    Duration downFor;
    long answered;
    synchronized (this) {
      if (!down) {
        return;
      }
      down = false;
      downFor = Duration.ofMillis(Math.max(0, clock.millis() - downSince));
      answered = callsWithoutRedis.getAndSet(0);
    }
    listener.onRecovery(component, downFor, answered);
  }

  /** A call to Redis failed: begins an outage, or extends the current one to the next probe. */
  public void failed(RuntimeException cause) {
    long now = clock.millis();
    callsWithoutRedis.incrementAndGet();
    boolean began = false;
    synchronized (this) {
      nextProbeAt.set(now + probeIntervalMillis);
      if (!down) {
        down = true;
        downSince = now;
        began = true;
      }
    }
    if (began) {
      listener.onOutage(component, cause);
    }
  }

  /** True while Redis is taken to be down. */
  public boolean isDown() {
    return down;
  }
}
