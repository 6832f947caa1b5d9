package dev.communicable.internal;

import dev.communicable.MessageId;
import dev.communicable.delivery.Message;
import dev.communicable.spi.DeliveryStore;
import java.util.Optional;

/**
 * Recently used messages, so that a message's many deliveries (recipients, retries, fallbacks) do
 * not each read it from the store. Messages never change once stored, so a cached one is never
 * stale.
 *
 * <p>Bounded by weight, since a message holds its recipients: one with a campaign page of a
 * thousand recipients weighs a thousand, and any message weighs at least {@value #MIN_WEIGHT} for
 * its data (up to {@code maxDataBytes}). So the cache holds at most {@value #MAX_WEIGHT} / {@value
 * #MIN_WEIGHT} messages, and at most {@value #MAX_WEIGHT} recipients, whatever the traffic; the
 * least recently used go first.
 */
final class MessageCache {
  /** The weight the cache holds at most. */
  static final int MAX_WEIGHT = 16_384;

  /** The least a message weighs: with one recipient, 1,024 messages fill the cache. */
  static final int MIN_WEIGHT = 16;

  private final DeliveryStore store;
  private final LruCache<Key, Message> entries;

  MessageCache(DeliveryStore store) {
    this(store, MAX_WEIGHT);
  }

  MessageCache(DeliveryStore store, long maxWeight) {
    this.store = store;
    this.entries = new LruCache<>(maxWeight, MessageCache::weight);
  }

  static int weight(Message message) {
    return Math.max(MIN_WEIGHT, message.recipients().size());
  }

  /** The total weight held, for tests. */
  long weight() {
    return entries.weight();
  }

  /** How many messages are held, for tests. */
  int size() {
    return entries.size();
  }

  Optional<Message> get(String tenantId, MessageId id) {
    Key key = new Key(tenantId, id);
    Message cached = entries.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Message> loaded = store.message(tenantId, id);
    loaded.ifPresent(m -> entries.put(key, m));
    return loaded;
  }

  private record Key(String tenantId, MessageId id) {}
}
