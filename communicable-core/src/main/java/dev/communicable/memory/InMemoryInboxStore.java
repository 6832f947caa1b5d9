package dev.communicable.memory;

import dev.communicable.Arguments;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.inbox.InboxItem;
import dev.communicable.spi.InboxStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * In-app inboxes in memory, one sorted map per recipient (newest first) with a running unread
 * count. It keeps every item it is given.
 */
final class InMemoryInboxStore implements InboxStore {

  private record Key(String tenantId, String recipientId) {}

  private record Order(Instant createdAt, DeliveryId id) {}

  private static final Comparator<Order> NEWEST_FIRST =
      Comparator.comparing(Order::createdAt).thenComparing(o -> o.id().value()).reversed();

  private static final class Box {
    final NavigableMap<Order, InboxItem> items = new TreeMap<>(NEWEST_FIRST);
    long unread;
  }

  private record ItemKey(String tenantId, DeliveryId deliveryId) {}

  private final Map<Key, Box> boxes = new HashMap<>();
  private final Map<ItemKey, InboxItem> byDelivery = new HashMap<>();

  @Override
  public synchronized void add(InboxItem item) {
    Arguments.notNull("item", item);
    Key key = key(item.tenantId(), item.recipientId());
    ItemKey itemKey = new ItemKey(item.tenantId(), item.deliveryId());
    if (byDelivery.containsKey(itemKey)) {
      return;
    }
    byDelivery.put(itemKey, item);
    Box box = boxes.computeIfAbsent(key, k -> new Box());
    box.items.put(new Order(item.createdAt(), item.deliveryId()), item);
    if (!item.isRead()) {
      box.unread++;
    }
  }

  @Override
  public synchronized List<InboxItem> list(
      String tenantId, String recipientId, @Nullable Instant before, int limit) {
    Key key = key(tenantId, recipientId);
    Arguments.positive("limit", limit);
    Box box = boxes.get(key);
    if (box == null) {
      return List.of();
    }
    // In newest-first order, "created before" is everything after the latest possible key at it.
    NavigableMap<Order, InboxItem> page =
        before == null
            ? box.items
            : box.items.tailMap(
                new Order(before, new DeliveryId(new UUID(Long.MIN_VALUE, Long.MIN_VALUE))), true);
    List<InboxItem> result = new ArrayList<>(Math.min(limit, page.size()));
    for (InboxItem item : page.values()) {
      if (result.size() == limit) {
        break;
      }
      if (before == null || item.createdAt().isBefore(before)) {
        result.add(item);
      }
    }
    return result;
  }

  @Override
  public synchronized List<InboxItem> unread(String tenantId, String recipientId, int limit) {
    Key key = key(tenantId, recipientId);
    Arguments.positive("limit", limit);
    Box box = boxes.get(key);
    if (box == null) {
      return List.of();
    }
    List<InboxItem> result = new ArrayList<>();
    for (InboxItem item : box.items.values()) {
      if (result.size() == limit) {
        break;
      }
      if (!item.isRead()) {
        result.add(item);
      }
    }
    return result;
  }

  @Override
  public synchronized long unreadCount(String tenantId, String recipientId) {
    Box box = boxes.get(key(tenantId, recipientId));
    return box == null ? 0 : box.unread;
  }

  @Override
  public synchronized boolean markRead(
      String tenantId, String recipientId, DeliveryId deliveryId, Instant at) {
    Key key = key(tenantId, recipientId);
    Arguments.notNull("deliveryId", deliveryId);
    Arguments.notNull("at", at);
    ItemKey itemKey = new ItemKey(tenantId, deliveryId);
    InboxItem item = byDelivery.get(itemKey);
    if (item == null || !item.recipientId().equals(recipientId) || item.isRead()) {
      return false;
    }
    InboxItem read =
        new InboxItem(
            item.deliveryId(),
            item.messageId(),
            item.tenantId(),
            item.recipientId(),
            item.topic(),
            item.title(),
            item.text(),
            item.link(),
            item.createdAt(),
            at);
    byDelivery.put(itemKey, read);
    Box box = boxes.get(key);
    box.items.put(new Order(item.createdAt(), deliveryId), read);
    box.unread--;
    return true;
  }

  private static Key key(String tenantId, String recipientId) {
    return new Key(
        Arguments.notBlank("tenantId", tenantId), Arguments.notBlank("recipientId", recipientId));
  }
}
