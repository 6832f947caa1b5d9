package dev.communicable.internal;

import dev.communicable.MessageId;
import dev.communicable.delivery.Message;
import dev.communicable.spi.DeliveryStore;
import java.util.Optional;

/**
 * Recently used messages, so that a message's many deliveries (recipients, retries, fallbacks) do
 * not each read it from the store. Messages never change once stored, so a cached one is never
 * stale. Bounded: the least recently used entry is dropped beyond the capacity.
 */
final class MessageCache {
  private final DeliveryStore store;
  private final LruCache<Key, Message> entries;

  MessageCache(DeliveryStore store, int capacity) {
    this.store = store;
    this.entries = new LruCache<>(capacity);
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
