package dev.communicable.spi;

import dev.communicable.delivery.DeliveryId;
import dev.communicable.inbox.InboxItem;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** The in-app inbox. Passes {@code InboxStoreContract} in communicable-testkit. */
public interface InboxStore {

  /** Adds an item; adding the same delivery's item again changes nothing. */
  void add(InboxItem item);

  /**
   * The recipient's items, newest first, at most {@code limit}, created before {@code before} (null
   * for the first page).
   */
  List<InboxItem> list(String tenantId, String recipientId, @Nullable Instant before, int limit);

  /** The recipient's unread items, newest first, at most {@code limit}. */
  List<InboxItem> unread(String tenantId, String recipientId, int limit);

  /** How many unread items the recipient has. */
  long unreadCount(String tenantId, String recipientId);

  /**
   * Marks the item of {@code deliveryId} read at {@code at}.
   *
   * @return false when there is no such unread item for this recipient
   */
  boolean markRead(String tenantId, String recipientId, DeliveryId deliveryId, Instant at);
}
