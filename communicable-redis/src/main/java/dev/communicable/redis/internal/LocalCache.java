package dev.communicable.redis.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A bounded, least-recently-used cache whose entries also expire after a time to live. A value
 * loaded while an invalidation happened is returned but not kept, so a load that raced with a
 * change on another node cannot put the old value back.
 */
public final class LocalCache<K, V> {
  private final int maxEntries;
  private final long ttlMillis;
  private final Clock clock;
  private final LinkedHashMap<K, Entry<V>> entries;
  private long epoch;

  public LocalCache(int maxEntries, Duration ttl, Clock clock) {
    this.maxEntries = maxEntries;
    this.ttlMillis = ttl.toMillis();
    this.clock = clock;
    this.entries =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<K, Entry<V>> eldest) {
            return size() > LocalCache.this.maxEntries;
          }
        };
  }

  /** The cached value for {@code key}, or the loader's, which is kept unless invalidated since. */
  public V get(K key, Function<K, V> loader) {
    return get(key, loader, v -> true);
  }

  /** As {@link #get(Object, Function)}, keeping only loaded values that {@code keep} accepts. */
  public V get(K key, Function<K, V> loader, Predicate<V> keep) {
    long started;
    synchronized (this) {
      Entry<V> e = entries.get(key);
      if (e != null) {
        if (clock.millis() < e.expiresAt) {
          return e.value;
        }
        entries.remove(key);
      }
      started = epoch;
    }
    V value = loader.apply(key);
    synchronized (this) {
      if (epoch == started && keep.test(value)) {
        entries.put(key, new Entry<>(value, clock.millis() + ttlMillis));
      }
    }
    return value;
  }

  /** Removes the entries whose keys match. */
  public synchronized void invalidate(Predicate<K> matching) {
    epoch++;
    for (Iterator<K> it = entries.keySet().iterator(); it.hasNext(); ) {
      if (matching.test(it.next())) {
        it.remove();
      }
    }
  }

  /** Removes every entry. */
  public synchronized void clear() {
    epoch++;
    entries.clear();
  }

  /** How many entries are held. */
  public synchronized int size() {
    return entries.size();
  }

  private record Entry<V>(V value, long expiresAt) {}
}
