package dev.communicable.internal;

import dev.communicable.Arguments;
import dev.communicable.Communication;
import dev.communicable.InvalidRequestException;
import dev.communicable.MessageId;
import dev.communicable.NotFoundException;
import dev.communicable.Recipient;
import dev.communicable.StoreException;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.delivery.DeliveryTransitions;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.StoredDelivery;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What happens to deliveries from outside the dispatcher: provider receipts and reads, and
 * cancellation by the application. A read cancels the escalations still waiting for the same
 * message and recipient. Writes are guarded by version; a write that loses a race is tried again on
 * the fresh value.
 *
 * <p>Receipts come at least once and out of order, and every one is checked against {@link
 * DeliveryTransitions}: one the table allows is applied; a duplicate or a stale one (DELIVERED
 * after READ, anything for a delivery that was not sent) changes nothing and returns the delivery
 * as it is; one for a delivery still SENDING (the provider called back before the worker recorded
 * the send) is parked in {@link ParkedReceipts} and applied right after the worker's write, so it
 * is never lost.
 *
 * <p>An UNDELIVERED receipt (the provider lost a message it had taken) fails the delivery and, in
 * the same guarded write, creates the next step of its fallback chain, as a refusal at send time
 * does; a detail that reports the address revoked also deactivates a push device.
 */
final class TrackingService implements EarlyReceipts {
  private static final Logger log = LoggerFactory.getLogger(TrackingService.class);
  private static final int MAX_TRIES = 5;

  /** How often, by the engine's clock, parked receipts are looked at again. */
  static final Duration SWEEP_EVERY = Duration.ofSeconds(5);

  /** The most parked receipts one sweep looks at. */
  static final int SWEEP_BATCH = 100;

  private final DeliveryStore store;
  private final DeliveryRecorder recorder;
  private final FollowUps followUps;
  private final RevokedAddresses revoked;
  private final Clock clock;
  private final ParkedReceipts parked = new ParkedReceipts();

  /** The provider ids this node's workers were just given and are about to record. */
  private final Map<ParkedReceipts.Key, DeliveryId> recording = new ConcurrentHashMap<>();

  private final AtomicReference<Instant> nextSweep;

  TrackingService(
      DeliveryStore store,
      DeliveryRecorder recorder,
      FollowUps followUps,
      RevokedAddresses revoked,
      Clock clock) {
    this.store = store;
    this.recorder = recorder;
    this.followUps = followUps;
    this.revoked = revoked;
    this.clock = clock;
    this.nextSweep = new AtomicReference<>(clock.instant());
  }

  Delivery track(String tenantId, DeliveryId id, DeliveryEvent event) {
    return track(tenantId, id, event, null);
  }

  Delivery track(String tenantId, DeliveryId id, DeliveryEvent event, @Nullable String detail) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notNull("deliveryId", id);
    checkReceipt(event);
    String reported = reported(detail);
    return record(event, reported, () -> find(tenantId, id));
  }

  /**
   * As {@link #track}, by the provider's id. An id not stored yet may belong to a send whose record
   * is moments away (the provider called back first): the receipt is parked for it, then, if the id
   * is still unknown, {@link NotFoundException} says so.
   */
  Delivery trackByProviderId(
      String tenantId, String providerMessageId, DeliveryEvent event, @Nullable String detail) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("providerMessageId", providerMessageId);
    checkReceipt(event);
    String reported = reported(detail);
    ParkedReceipts.Key key = ParkedReceipts.Key.provider(tenantId, providerMessageId);
    Optional<StoredDelivery> found = store.findByProviderMessageId(tenantId, providerMessageId);
    if (found.isEmpty()) {
      DeliveryId beingRecorded = recording.get(key);
      if (beingRecorded != null) {
        return record(event, reported, () -> find(tenantId, beingRecorded));
      }
      parked.park(key, event, reported, clock.instant());
      found = store.findByProviderMessageId(tenantId, providerMessageId); // recorded meanwhile?
      if (found.isEmpty()) {
        throw new NotFoundException(
            tenantId,
            "delivery with provider id",
            providerMessageId
                + " (the receipt is kept "
                + ParkedReceipts.MAX_AGE.toMinutes()
                + " minutes in case the send is being recorded)");
      }
      if (!parked.remove(key, event)) {
        return found.get().delivery(); // the worker that recorded the send applied it
      }
    }
    DeliveryId id = found.get().id();
    return record(event, reported, () -> find(tenantId, id));
  }

  private StoredDelivery find(String tenantId, DeliveryId id) {
    return store
        .find(tenantId, id)
        .orElseThrow(() -> new NotFoundException(tenantId, "delivery", id.toString()));
  }

  private static void checkReceipt(DeliveryEvent event) {
    Arguments.notNull("event", event);
    if (event != DeliveryEvent.DELIVERED
        && event != DeliveryEvent.READ
        && event != DeliveryEvent.UNDELIVERED) {
      throw new InvalidRequestException(
          "event", "must be DELIVERED, READ or UNDELIVERED for a receipt, was " + event);
    }
  }

  /** A receipt's detail, trimmed and cut to its bound; null when there is none. */
  private static @Nullable String reported(@Nullable String detail) {
    if (detail == null || detail.isBlank()) {
      return null;
    }
    String trimmed = detail.strip();
    if (trimmed.length() <= Communication.MAX_RECEIPT_DETAIL) {
      return trimmed;
    }
    int end = Communication.MAX_RECEIPT_DETAIL;
    if (Character.isHighSurrogate(trimmed.charAt(end - 1))) {
      end--; // never split a character in two
    }
    return trimmed.substring(0, end);
  }

  /** The timeline entry of an applied receipt. */
  private static String entry(DeliveryEvent event, @Nullable String detail) {
    String what =
        switch (event) {
          case READ -> "read";
          case UNDELIVERED -> "undelivered, reported by provider";
          default -> "delivered, reported by provider";
        };
    return detail == null ? what : what + ": " + detail;
  }

  /**
   * Applies a receipt if the transition table allows it from the current state; parks it while the
   * delivery is SENDING; otherwise (a duplicate, a stale or late one) changes nothing.
   */
  private Delivery record(
      DeliveryEvent event, @Nullable String detail, Supplier<StoredDelivery> read) {
    StoredDelivery stored = read.get();
    for (int i = 0; i < MAX_TRIES; i++) {
      Delivery current = stored.delivery();
      if (DeliveryTransitions.allows(current.state(), event)) {
        Instant now = clock.instant();
        String entry = entry(event, detail);
        Delivery after;
        List<Delivery> next;
        if (event == DeliveryEvent.UNDELIVERED) {
          after = current.withLastError(entry).apply(event, now);
          Recipient recipient = recipientOrNull(current);
          next = recipient == null ? List.of() : followUps.fallback(current, recipient, now);
        } else {
          after = current.apply(event, now);
          next = List.of();
        }
        if (recorder.write(stored, after, null, null, entry, next)) {
          if (event == DeliveryEvent.READ) {
            cancelEscalations(after);
          } else if (event == DeliveryEvent.UNDELIVERED && RevokedAddresses.says(detail)) {
            revoked.deactivate(after, now);
          }
          return after;
        }
        stored = read.get();
        continue;
      }
      if (current.state() != DeliveryState.SENDING) {
        log.debug(
            "Receipt {} for delivery {} in state {} changes nothing",
            event,
            current.id(),
            current.state());
        return current;
      }
      ParkedReceipts.Key key = ParkedReceipts.Key.delivery(current.tenantId(), current.id());
      parked.park(key, event, detail, clock.instant());
      StoredDelivery fresh = read.get();
      if (fresh.delivery().state() == DeliveryState.SENDING || !parked.remove(key, event)) {
        return fresh.delivery(); // the worker applies it after recording the send, or already did
      }
      stored = fresh; // the send was recorded while the receipt was being parked: apply it here
    }
    throw new StoreException(
        "delivery "
            + stored.id()
            + " of tenant '"
            + stored.delivery().tenantId()
            + "' kept changing; the receipt was not recorded",
        true,
        null);
  }

  /**
   * Called by a worker whose adapter accepted {@code sending} as {@code providerMessageId}, before
   * it records the send: a receipt under that id arriving meanwhile is parked for the delivery.
   *
   * @return what forgets the id again, to run once the send is recorded (or not)
   */
  @Override
  public Runnable recording(Delivery sending, @Nullable String providerMessageId) {
    if (providerMessageId == null) {
      return () -> {};
    }
    ParkedReceipts.Key key = ParkedReceipts.Key.provider(sending.tenantId(), providerMessageId);
    recording.put(key, sending.id());
    return () -> recording.remove(key, sending.id());
  }

  /**
   * Applies the receipts that arrived for {@code sent} before its send was recorded. Never throws:
   * a receipt that cannot be applied now is parked again for the sweep.
   */
  @Override
  public void recorded(Delivery sent) {
    apply(sent.tenantId(), sent.id(), ParkedReceipts.Key.delivery(sent.tenantId(), sent.id()));
    if (sent.providerMessageId() != null) {
      apply(
          sent.tenantId(),
          sent.id(),
          ParkedReceipts.Key.provider(sent.tenantId(), sent.providerMessageId()));
    }
  }

  private void apply(String tenantId, DeliveryId id, ParkedReceipts.Key key) {
    for (ParkedReceipts.Receipt receipt : parked.take(key)) {
      try {
        record(receipt.event(), receipt.detail(), () -> find(tenantId, id));
      } catch (RuntimeException e) {
        log.warn(
            "Could not apply the early {} receipt of delivery {}; kept for later",
            receipt.event(),
            id,
            e);
        parked.park(key, receipt.event(), receipt.detail(), clock.instant());
      }
    }
  }

  /** The delivery's recipient, or null when its message cannot be read (then no fallback). */
  private @Nullable Recipient recipientOrNull(Delivery d) {
    try {
      return store
          .message(d.tenantId(), d.messageId())
          .flatMap(
              m -> m.recipients().stream().filter(r -> r.id().equals(d.recipientId())).findFirst())
          .orElse(null);
    } catch (RuntimeException e) {
      log.warn("Could not read the recipient of delivery {}; no fallback follows", d.id(), e);
      return null;
    }
  }

  /**
   * Looks at the oldest parked receipts again, at most every {@link #SWEEP_EVERY}: applies those
   * whose send has been recorded meanwhile (by a worker on another node, say) and drops those older
   * than {@link ParkedReceipts#MAX_AGE}.
   */
  void sweepParked() {
    Instant now = clock.instant();
    Instant due = nextSweep.get();
    if (now.isBefore(due) || !nextSweep.compareAndSet(due, now.plus(SWEEP_EVERY))) {
      return;
    }
    for (ParkedReceipts.Entry entry : parked.oldest(SWEEP_BATCH)) {
      ParkedReceipts.Key key = entry.key();
      if (!now.isBefore(entry.parkedAt().plus(ParkedReceipts.MAX_AGE))) {
        log.warn(
            "Dropped receipts {} for {}: no send was recorded within {}",
            parked.take(key),
            key,
            ParkedReceipts.MAX_AGE);
        continue;
      }
      try {
        Optional<StoredDelivery> found =
            key.deliveryId() != null
                ? store.find(key.tenantId(), key.deliveryId())
                : store.findByProviderMessageId(key.tenantId(), key.providerMessageId());
        if (found.isPresent() && found.get().delivery().state() != DeliveryState.SENDING) {
          apply(key.tenantId(), found.get().id(), key);
        }
      } catch (RuntimeException e) {
        log.warn("Looking again at the early receipts for {} failed", key, e);
      }
    }
  }

  /** How many receipts wait for their send to be recorded. */
  int parkedCount() {
    return parked.size();
  }

  /** Cancels the escalations of {@code read}'s message and recipient that are still queued. */
  int cancelEscalations(Delivery read) {
    int cancelled = 0;
    for (StoredDelivery d :
        store.deliveries(read.tenantId(), read.messageId(), read.recipientId())) {
      if (d.delivery().escalationOf() != null
          && d.delivery().state() == DeliveryState.QUEUED
          && cancelQueued(d, "not needed: the message was read")) {
        cancelled++;
      }
    }
    return cancelled;
  }

  int cancel(String tenantId, MessageId messageId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notNull("messageId", messageId);
    if (store.message(tenantId, messageId).isEmpty()) {
      throw new NotFoundException(tenantId, "message", messageId.toString());
    }
    int cancelled = 0;
    for (StoredDelivery d : store.deliveries(tenantId, messageId)) {
      if (d.delivery().state() == DeliveryState.QUEUED
          && cancelQueued(d, "cancelled by the application")) {
        cancelled++;
      }
    }
    return cancelled;
  }

  /** Cancels {@code d} if it is still queued, re-reading it after a lost race. */
  private boolean cancelQueued(StoredDelivery d, String detail) {
    StoredDelivery current = d;
    for (int i = 0; i < MAX_TRIES && current.delivery().state() == DeliveryState.QUEUED; i++) {
      if (recorder.write(
          current,
          current.delivery().apply(DeliveryEvent.CANCEL, clock.instant()),
          null,
          null,
          detail,
          List.of())) {
        return true;
      }
      Optional<StoredDelivery> fresh = store.find(current.delivery().tenantId(), current.id());
      if (fresh.isEmpty()) {
        return false;
      }
      current = fresh.get();
    }
    return false;
  }
}
