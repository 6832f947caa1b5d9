package dev.communicable.internal;

import dev.communicable.Arguments;
import dev.communicable.NotFoundException;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.IllegalTransitionException;
import dev.communicable.inbox.Inbox;
import dev.communicable.inbox.InboxItem;
import dev.communicable.spi.CommunicationEvent;
import dev.communicable.spi.EventBus;
import dev.communicable.spi.InboxStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The in-app inbox facade. Marking an item read also moves its in-app delivery to READ (which
 * cancels the message's pending escalations for that recipient) and publishes {@code
 * inbox.item_read}.
 */
final class InboxService implements Inbox {
  private static final Logger log = LoggerFactory.getLogger(InboxService.class);

  private final InboxStore store;
  private final TrackingService tracking;
  private final EventBus events;
  private final Clock clock;

  InboxService(InboxStore store, TrackingService tracking, EventBus events, Clock clock) {
    this.store = store;
    this.tracking = tracking;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public List<InboxItem> list(
      String tenantId, String recipientId, @Nullable Instant before, int limit) {
    Checks.id("tenantId", tenantId);
    Checks.id("recipientId", recipientId);
    if (before != null) {
      Checks.time("before", before);
    }
    Arguments.between("limit", limit, 1, Inbox.MAX_LIMIT);
    return store.list(tenantId, recipientId, before, limit);
  }

  @Override
  public List<InboxItem> unread(String tenantId, String recipientId, int limit) {
    Checks.id("tenantId", tenantId);
    Checks.id("recipientId", recipientId);
    Arguments.between("limit", limit, 1, Inbox.MAX_LIMIT);
    return store.unread(tenantId, recipientId, limit);
  }

  @Override
  public long unreadCount(String tenantId, String recipientId) {
    Checks.id("tenantId", tenantId);
    Checks.id("recipientId", recipientId);
    return store.unreadCount(tenantId, recipientId);
  }

  @Override
  public boolean markRead(String tenantId, String recipientId, DeliveryId item) {
    Checks.id("tenantId", tenantId);
    Checks.id("recipientId", recipientId);
    Arguments.notNull("item", item);
    Instant now = clock.instant();
    if (!store.markRead(tenantId, recipientId, item, now)) {
      return false;
    }
    try {
      tracking.track(tenantId, item, DeliveryEvent.READ);
    } catch (NotFoundException | IllegalTransitionException e) {
      log.warn("Inbox item {} was read but its delivery could not be marked READ", item, e);
    }
    events.publish(
        new CommunicationEvent(
            CommunicationEvent.INBOX_ITEM_READ,
            tenantId,
            Map.of("recipientId", recipientId, "deliveryId", item.toString()),
            now));
    return true;
  }
}
