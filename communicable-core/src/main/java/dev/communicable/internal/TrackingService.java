package dev.communicable.internal;

import dev.communicable.InvalidRequestException;
import dev.communicable.MessageId;
import dev.communicable.NotFoundException;
import dev.communicable.StoreException;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.spi.DeliveryStore;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What happens to deliveries from outside the dispatcher: provider receipts and reads, and
 * cancellation by the application. A read cancels the escalations still waiting for the same
 * message and recipient. Writes are guarded by version; a write that loses a race is tried again on
 * the fresh value.
 */
final class TrackingService {
  private static final int MAX_TRIES = 5;

  private final DeliveryStore store;
  private final DeliveryRecorder recorder;
  private final Clock clock;

  TrackingService(DeliveryStore store, DeliveryRecorder recorder, Clock clock) {
    this.store = store;
    this.recorder = recorder;
    this.clock = clock;
  }

  Delivery track(String tenantId, DeliveryId id, DeliveryEvent event) {
    Checks.notBlank("tenantId", tenantId);
    Checks.notNull("deliveryId", id);
    return record(
        tenantId,
        event,
        () ->
            store
                .find(tenantId, id)
                .orElseThrow(() -> new NotFoundException(tenantId, "delivery", id.toString())));
  }

  Delivery trackByProviderId(String tenantId, String providerMessageId, DeliveryEvent event) {
    Checks.notBlank("tenantId", tenantId);
    Checks.notBlank("providerMessageId", providerMessageId);
    return record(
        tenantId,
        event,
        () ->
            store
                .findByProviderMessageId(tenantId, providerMessageId)
                .orElseThrow(
                    () ->
                        new NotFoundException(
                            tenantId, "delivery with provider id", providerMessageId)));
  }

  /**
   * Moves the delivery on by a receipt. A repeated or late receipt (DELIVERED when already
   * delivered or read, READ when already read) changes nothing: providers send callbacks at least
   * once.
   */
  private Delivery record(String tenantId, DeliveryEvent event, Supplier<Delivery> read) {
    Checks.notNull("event", event);
    if (event != DeliveryEvent.DELIVERED && event != DeliveryEvent.READ) {
      throw new InvalidRequestException(
          "event", "must be DELIVERED or READ for a receipt, was " + event);
    }
    for (int i = 0; i < MAX_TRIES; i++) {
      Delivery current = read.get();
      if (alreadyRecorded(current.state(), event)) {
        return current;
      }
      Delivery after = current.apply(event, clock.instant());
      String detail = event == DeliveryEvent.READ ? "read" : "delivered, reported by provider";
      if (recorder.write(current, after, null, null, detail, List.of())) {
        if (event == DeliveryEvent.READ) {
          cancelEscalations(after);
        }
        return after;
      }
    }
    throw new StoreException(
        "a delivery of tenant '" + tenantId + "' kept changing; the receipt was not recorded",
        true,
        null);
  }

  private static boolean alreadyRecorded(DeliveryState state, DeliveryEvent event) {
    return state == DeliveryState.READ
        || event == DeliveryEvent.DELIVERED && state == DeliveryState.DELIVERED;
  }

  /** Cancels the escalations of {@code read}'s message and recipient that are still queued. */
  int cancelEscalations(Delivery read) {
    int cancelled = 0;
    for (Delivery d : store.deliveries(read.tenantId(), read.messageId(), read.recipientId())) {
      if (d.escalationOf() != null
          && d.state() == DeliveryState.QUEUED
          && cancelQueued(d, "not needed: the message was read")) {
        cancelled++;
      }
    }
    return cancelled;
  }

  int cancel(String tenantId, MessageId messageId) {
    Checks.notBlank("tenantId", tenantId);
    Checks.notNull("messageId", messageId);
    if (store.message(tenantId, messageId).isEmpty()) {
      throw new NotFoundException(tenantId, "message", messageId.toString());
    }
    int cancelled = 0;
    for (Delivery d : store.deliveries(tenantId, messageId)) {
      if (d.state() == DeliveryState.QUEUED && cancelQueued(d, "cancelled by the application")) {
        cancelled++;
      }
    }
    return cancelled;
  }

  /** Cancels {@code d} if it is still queued, re-reading it after a lost race. */
  private boolean cancelQueued(Delivery d, String detail) {
    Delivery current = d;
    for (int i = 0; i < MAX_TRIES && current.state() == DeliveryState.QUEUED; i++) {
      if (recorder.write(
          current,
          current.apply(DeliveryEvent.CANCEL, clock.instant()),
          null,
          null,
          detail,
          List.of())) {
        return true;
      }
      Optional<Delivery> fresh = store.find(current.tenantId(), current.id());
      if (fresh.isEmpty()) {
        return false;
      }
      current = fresh.get();
    }
    return false;
  }
}
