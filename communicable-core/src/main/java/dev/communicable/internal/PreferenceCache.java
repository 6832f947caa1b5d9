package dev.communicable.internal;

import dev.communicable.preference.Preferences;
import dev.communicable.spi.CommunicationEvent;
import dev.communicable.spi.PreferenceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Each recipient's preferences as workers read them when they dispatch, from the {@link
 * PreferenceStore} at most once per {@link #FRESH_FOR} per recipient instead of once per delivery.
 *
 * <p>A bounded least-recently-used map by (tenant, recipient), kept fresh three ways: an update
 * through this engine drops the entry at once; a {@code preferences.changed} event (from another
 * node, through the event bus) drops it; and an entry is trusted only {@link #FRESH_FOR} after it
 * was read, which bounds the staleness when an event is lost (the bus is at most once) or the store
 * is changed behind the engine's back. A recipient with nothing stored is cached as the defaults.
 */
final class PreferenceCache {
  /** The most recipients whose preferences are kept. */
  static final int CAPACITY = 4096;

  /** How long a read is trusted without a change event. */
  static final Duration FRESH_FOR = Duration.ofSeconds(5);

  private record Key(String tenantId, String recipientId) {}

  private record Entry(Preferences preferences, Instant readAt) {}

  private final PreferenceStore store;
  private final Clock clock;
  private final LruCache<Key, Entry> entries = new LruCache<>(CAPACITY);

  /** Bumped by every invalidation, so a read that raced with one is not cached. */
  private final AtomicLong changes = new AtomicLong();

  PreferenceCache(PreferenceStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The recipient's preferences, or the defaults when none are stored. */
  Preferences get(String tenantId, String recipientId) {
    Key key = new Key(tenantId, recipientId);
    Instant now = clock.instant();
    Entry entry = entries.get(key);
    if (entry != null && now.isBefore(entry.readAt().plus(FRESH_FOR))) {
      return entry.preferences();
    }
    long seen = changes.get();
    Preferences loaded =
        store
            .find(tenantId, recipientId)
            .orElseGet(() -> Preferences.defaults(tenantId, recipientId));
    if (changes.get() == seen) {
      entries.put(key, new Entry(loaded, now));
    }
    return loaded;
  }

  /** Drops what is known of the recipient's preferences; the next lookup reads the store. */
  void forget(String tenantId, String recipientId) {
    changes.incrementAndGet();
    entries.remove(new Key(tenantId, recipientId));
  }

  /** Drops the preferences of a recipient another node (or this one) changed. */
  void onEvent(CommunicationEvent event) {
    if (CommunicationEvent.PREFERENCES_CHANGED.equals(event.type())) {
      String recipientId = event.attributes().get("recipientId");
      if (recipientId != null) {
        forget(event.tenantId(), recipientId);
      }
    }
  }

  /** How many recipients' preferences are known; for tests of the bound. */
  int size() {
    return entries.size();
  }
}
