package dev.communicable.internal;

import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.DeliveryId;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receipts that arrived before the send they report was recorded: the provider called back while
 * the delivery was still SENDING, or under a provider id not stored yet. They wait here, oldest
 * first, until the worker records the send (then it applies them at once) or a later sweep finds
 * the delivery sent.
 *
 * <p>Bounded: at most {@link #CAPACITY} entries (the oldest is dropped, with a warning, beyond
 * that), each kept at most {@link #MAX_AGE}. Held in this node's memory only: a receipt parked on a
 * node that stops is lost, as a callback is when a provider gives up.
 */
final class ParkedReceipts {
  private static final Logger log = LoggerFactory.getLogger(ParkedReceipts.class);

  /** The most receipts waiting at once. */
  static final int CAPACITY = 10_000;

  /** How long a receipt waits for its send to be recorded before it is dropped. */
  static final Duration MAX_AGE = Duration.ofMinutes(30);

  /** What a receipt names: a delivery by id, or by the provider's id for it. */
  record Key(String tenantId, @Nullable DeliveryId deliveryId, @Nullable String providerMessageId) {
    static Key delivery(String tenantId, DeliveryId id) {
      return new Key(tenantId, id, null);
    }

    static Key provider(String tenantId, String providerMessageId) {
      return new Key(tenantId, null, providerMessageId);
    }
  }

  /** A waiting entry: the receipts for one key, and when the first of them arrived. */
  record Entry(Key key, Instant parkedAt) {}

  /** One waiting receipt: its event and the provider's detail (null for none). */
  record Receipt(DeliveryEvent event, @Nullable String detail) {}

  private final Map<Key, Map<DeliveryEvent, @Nullable String>> events = new LinkedHashMap<>();
  private final Map<Key, Instant> parkedAt = new LinkedHashMap<>();

  /** Keeps {@code event} for {@code key}; a duplicate keeps the first detail given. */
  synchronized void park(Key key, DeliveryEvent event, @Nullable String detail, Instant now) {
    if (!events.containsKey(key)) {
      events.put(key, new EnumMap<>(DeliveryEvent.class));
      parkedAt.put(key, now);
      if (events.size() > CAPACITY) {
        Key eldest = events.keySet().iterator().next();
        log.warn(
            "More than {} early receipts waiting; dropped the oldest, for {}", CAPACITY, eldest);
        events.remove(eldest);
        parkedAt.remove(eldest);
      }
    }
    Map<DeliveryEvent, @Nullable String> waiting = events.get(key);
    if (waiting.get(event) == null) {
      waiting.put(event, detail);
    }
  }

  /** Removes {@code event} from {@code key}'s receipts; true when it was still waiting. */
  synchronized boolean remove(Key key, DeliveryEvent event) {
    Map<DeliveryEvent, @Nullable String> waiting = events.get(key);
    if (waiting == null || !waiting.containsKey(event)) {
      return false;
    }
    waiting.remove(event);
    if (waiting.isEmpty()) {
      events.remove(key);
      parkedAt.remove(key);
    }
    return true;
  }

  /**
   * Removes and returns the receipts waiting for {@code key}, in event order: DELIVERED, READ,
   * UNDELIVERED. Their arrival order is lost, and this order is the one that holds up: DELIVERED
   * then UNDELIVERED is a bounce after the receiving server took the message, while a READ proves
   * delivery, so an UNDELIVERED waiting beside it finds the delivery READ and changes nothing.
   */
  synchronized List<Receipt> take(Key key) {
    Map<DeliveryEvent, @Nullable String> waiting = events.remove(key);
    parkedAt.remove(key);
    if (waiting == null) {
      return List.of();
    }
    List<Receipt> out = new ArrayList<>(waiting.size());
    waiting.forEach((event, detail) -> out.add(new Receipt(event, detail)));
    return out;
  }

  /** The oldest waiting entries, at most {@code max}. */
  synchronized List<Entry> oldest(int max) {
    List<Entry> out = new ArrayList<>(Math.min(max, parkedAt.size()));
    Iterator<Map.Entry<Key, Instant>> it = parkedAt.entrySet().iterator();
    while (it.hasNext() && out.size() < max) {
      Map.Entry<Key, Instant> e = it.next();
      out.add(new Entry(e.getKey(), e.getValue()));
    }
    return out;
  }

  synchronized int size() {
    return events.size();
  }
}
