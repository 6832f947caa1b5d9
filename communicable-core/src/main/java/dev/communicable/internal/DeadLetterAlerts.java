package dev.communicable.internal;

import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.DeadLetterAlert;
import dev.communicable.delivery.DeadLetterAlert.Crossing;
import dev.communicable.delivery.DeadLetterAlert.Listener;
import dev.communicable.delivery.Delivery;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts the dead letters this node's workers write against each {@link DeadLetterAlert} and tells
 * its listener of each crossing. Counting happens on the worker that wrote the dead letter (a few
 * operations under one lock per alert); a crossing is queued (at most {@link #MAX_PENDING}, beyond
 * which it is logged and dropped) and the listeners are called by {@link #runDue()}, an
 * orchestration job, so a slow or throwing listener never holds up a send.
 *
 * <p>Each alert keeps, per tenant or channel, {@value #BUCKETS} counts over consecutive slices of
 * its window, for at most {@link DeadLetterAlert#MAX_KEYS} keys (the least recently counted is
 * dropped beyond that): memory is bounded whatever the traffic. A key's alert fires when a dead
 * letter brings its count from below the threshold to the threshold or more, and not again until
 * the count has fallen back below it; as the window slides one slice at a time, that is at most one
 * alert per slice.
 */
final class DeadLetterAlerts implements OrchestrationJob {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterAlerts.class);

  static final int BUCKETS = 12;
  static final int MAX_PENDING = 1000;

  /** The most listener calls one {@link #runDue()} makes. */
  private static final int BATCH = 100;

  private final List<Watch> watches;
  private final Clock clock;
  private final ArrayBlockingQueue<Told> pending = new ArrayBlockingQueue<>(MAX_PENDING);
  private volatile Runnable wake = () -> {};

  DeadLetterAlerts(List<Registration> registrations, Clock clock) {
    List<Watch> list = new ArrayList<>(registrations.size());
    registrations.forEach(r -> list.add(new Watch(r.alert(), r.listener())));
    this.watches = List.copyOf(list);
    this.clock = clock;
  }

  /** An alert and the listener it tells. */
  record Registration(DeadLetterAlert alert, Listener listener) {}

  private record Told(Crossing crossing, Listener listener) {}

  boolean isEmpty() {
    return watches.isEmpty();
  }

  /** Called when there is a crossing to tell: wakes whoever runs {@link #runDue()}. */
  void wakeWith(Runnable wake) {
    this.wake = wake;
  }

  /** Counts {@code deadLettered}, just written DEAD_LETTERED; cheap, and never throws. */
  void counted(Delivery deadLettered) {
    if (watches.isEmpty()) {
      return;
    }
    try {
      Instant now = clock.instant();
      boolean queued = false;
      for (Watch watch : watches) {
        Crossing crossing = watch.count(deadLettered, now);
        if (crossing == null) {
          continue;
        }
        if (pending.offer(new Told(crossing, watch.listener))) {
          queued = true;
        } else {
          log.warn(
              "Dead-letter alert dropped, {} crossings are already waiting for their listeners: {}",
              MAX_PENDING,
              crossing);
        }
      }
      if (queued) {
        wake.run();
      }
    } catch (RuntimeException e) {
      log.warn("Counting dead letter {} for the alerts failed", deadLettered.id(), e);
    }
  }

  @Override
  public String name() {
    return "dead-letter alerts";
  }

  /** Tells the listeners of up to {@link #BATCH} waiting crossings; a throwing one is logged. */
  @Override
  public int runDue() {
    int told = 0;
    Told next;
    while (told < BATCH && (next = pending.poll()) != null) {
      told++;
      try {
        next.listener.thresholdReached(next.crossing);
      } catch (RuntimeException e) {
        log.warn("A dead-letter alert listener failed on {}", next.crossing, e);
      }
    }
    return told;
  }

  /** One alert's counts per key. */
  private static final class Watch {
    private final DeadLetterAlert alert;
    private final Listener listener;
    private final long sliceMillis;
    private final Map<Object, Counter> counters =
        new LinkedHashMap<>(16, 0.75f, true) {
          private static final long serialVersionUID = 1L;

          @Override
          protected boolean removeEldestEntry(Map.Entry<Object, Counter> eldest) {
            return size() > DeadLetterAlert.MAX_KEYS;
          }
        };

    Watch(DeadLetterAlert alert, Listener listener) {
      this.alert = alert;
      this.listener = listener;
      this.sliceMillis = Math.max(1, alert.window().toMillis() / BUCKETS);
    }

    /** Counts {@code d} at {@code now}; the crossing it makes, or null. */
    synchronized @Nullable Crossing count(Delivery d, Instant now) {
      boolean perTenant = alert.scope() == DeadLetterAlert.Scope.TENANT;
      Object key = perTenant ? d.tenantId() : d.channel();
      Counter counter = counters.computeIfAbsent(key, k -> new Counter());
      long slice = Math.floorDiv(now.toEpochMilli(), sliceMillis);
      int before = counter.total(slice);
      if (before < alert.threshold()) {
        counter.fired = false;
      }
      counter.add(slice);
      int after = before + 1;
      if (after < alert.threshold() || counter.fired) {
        return null;
      }
      counter.fired = true;
      return new Crossing(
          alert,
          perTenant ? d.tenantId() : null,
          perTenant ? null : (ChannelType) key,
          after,
          alert.threshold(),
          now);
    }
  }

  /** Counts in the last {@link #BUCKETS} slices of a window, each slot tagged with its slice. */
  private static final class Counter {
    private final long[] slices = new long[BUCKETS];
    private final int[] counts = new int[BUCKETS];
    private boolean fired;

    Counter() {
      java.util.Arrays.fill(slices, Long.MIN_VALUE);
    }

    /** The count over the window ending in {@code slice}. */
    int total(long slice) {
      int total = 0;
      for (int i = 0; i < BUCKETS; i++) {
        if (slices[i] > slice - BUCKETS && slices[i] <= slice) {
          total += counts[i];
        }
      }
      return total;
    }

    void add(long slice) {
      int slot = (int) Math.floorMod(slice, (long) BUCKETS);
      if (slices[slot] != slice) {
        slices[slot] = slice;
        counts[slot] = 0;
      }
      counts[slot]++;
    }
  }
}
