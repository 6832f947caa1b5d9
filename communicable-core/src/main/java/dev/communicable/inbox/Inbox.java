package dev.communicable.inbox;

import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** A recipient's in-app inbox; reached by {@code communication.inbox()}. */
public interface Inbox {
  /** The largest {@code limit} one page may ask for: {@value}. */
  int MAX_LIMIT = 1000;

  /**
   * Newest first, at most {@code limit} (1 to {@link #MAX_LIMIT}), created before {@code before}
   * (null for the first page).
   */
  List<InboxItem> list(String tenantId, String recipientId, @Nullable Instant before, int limit);

  /** Unread items, newest first, at most {@code limit} (1 to {@link #MAX_LIMIT}). */
  List<InboxItem> unread(String tenantId, String recipientId, int limit);

  long unreadCount(String tenantId, String recipientId);

  /**
   * Marks an item read: its in-app delivery becomes READ, pending escalations for the message are
   * cancelled, and an {@code inbox.item_read} event is published.
   *
   * @return false when there is no such unread item
   */
  boolean markRead(String tenantId, String recipientId, dev.communicable.delivery.DeliveryId item);
}
