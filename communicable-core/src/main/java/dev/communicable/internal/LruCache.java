package dev.communicable.internal;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToIntFunction;
import org.jspecify.annotations.Nullable;

/**
 * A map bounded by a total weight that drops the least recently used entries beyond it; safe for
 * concurrent use (one lock, held only for the map operation itself, never while loading). By
 * default every entry weighs 1, so the bound is a number of entries; a cache of values that vary in
 * size (a message with one recipient or a thousand) weighs each by its size. Public for the
 * engine's other internal packages; not API.
 */
public final class LruCache<K, V> {
  private final Map<K, V> entries = new LinkedHashMap<>(16, 0.75f, true);
  private final long maxWeight;
  private final ToIntFunction<V> weigher;
  private long weight;

  /** At most {@code capacity} entries. */
  public LruCache(int capacity) {
    this(capacity, value -> 1);
  }

  /**
   * At most {@code maxWeight} in total, each entry weighing {@code weigher}'s answer (at least 1);
   * an entry heavier than the whole bound is not kept.
   */
  public LruCache(long maxWeight, ToIntFunction<V> weigher) {
    if (maxWeight < 1) {
      throw new IllegalArgumentException("maxWeight must be at least 1, was " + maxWeight);
    }
    this.maxWeight = maxWeight;
    this.weigher = weigher;
  }

  /** The cached value, or null. */
  public synchronized @Nullable V get(K key) {
    return entries.get(key);
  }

  public synchronized void put(K key, V value) {
    int w = weigh(value);
    if (w > maxWeight) {
      remove(key);
      return;
    }
    V previous = entries.put(key, value);
    if (previous != null) {
      weight -= weigh(previous);
    }
    weight += w;
    Iterator<V> eldest = entries.values().iterator();
    while (weight > maxWeight && eldest.hasNext()) {
      weight -= weigh(eldest.next());
      eldest.remove();
    }
  }

  public synchronized void remove(K key) {
    V removed = entries.remove(key);
    if (removed != null) {
      weight -= weigh(removed);
    }
  }

  public synchronized int size() {
    return entries.size();
  }

  /** The total weight of the entries held. */
  public synchronized long weight() {
    return weight;
  }

  private int weigh(V value) {
    return Math.max(1, weigher.applyAsInt(value));
  }
}
