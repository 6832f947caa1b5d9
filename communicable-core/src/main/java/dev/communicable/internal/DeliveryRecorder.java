package dev.communicable.internal;

import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.spi.CommunicationEvent;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.DeliveryUpdate;
import dev.communicable.spi.EventBus;
import dev.communicable.spi.StoredDelivery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each move of a delivery as one guarded {@link DeliveryUpdate} (new value, attempt,
 * timeline entry and follow-ups together) and announces it with {@code delivery.state_changed}
 * events once it is stored. A write that loses a race is reported, not thrown. Workers write their
 * batch's moves together ({@link #writeAll}, through an {@link OutcomeBatch}).
 */
final class DeliveryRecorder {
  private static final Logger log = LoggerFactory.getLogger(DeliveryRecorder.class);

  private final DeliveryStore store;
  private final EventBus events;

  DeliveryRecorder(DeliveryStore store, EventBus events) {
    this.store = store;
    this.events = events;
  }

  /**
   * Writes the move from {@code before} to {@code after} if nobody else moved the delivery first
   * (and, with a {@code leaseOwner}, if that worker still holds its lease).
   *
   * @return false when the write lost a race and nothing was written
   */
  boolean write(
      StoredDelivery before,
      Delivery after,
      @Nullable String leaseOwner,
      @Nullable DeliveryAttempt attempt,
      @Nullable String detail,
      List<Delivery> followUps) {
    Move move = new Move(before, after, leaseOwner, attempt, detail, followUps);
    boolean written = store.update(move.update());
    announce(move, written);
    return written;
  }

  /**
   * Writes several moves with one {@link DeliveryStore#updateAll}: each guarded on its own, the
   * winners committed together, and announced once stored.
   *
   * @return for each move, whether it was written
   * @throws dev.communicable.StoreException when the store failed: then nothing was written
   */
  List<Boolean> writeAll(List<Move> moves) {
    if (moves.isEmpty()) {
      return List.of();
    }
    List<DeliveryUpdate> updates = new ArrayList<>(moves.size());
    for (Move move : moves) {
      updates.add(move.update());
    }
    List<Boolean> written = store.updateAll(updates);
    if (written.size() != moves.size()) {
      throw new IllegalStateException(
          "the delivery store answered "
              + written.size()
              + " results for "
              + moves.size()
              + " updates");
    }
    for (int i = 0; i < moves.size(); i++) {
      announce(moves.get(i), written.get(i));
    }
    return written;
  }

  private void announce(Move move, boolean written) {
    StoredDelivery before = move.before();
    Delivery after = move.after();
    if (!written) {
      log.info(
          "Delivery {} moved on elsewhere (version {} no longer current{}); skipped {} -> {}",
          before.id(),
          before.version(),
          move.leaseOwner() == null ? "" : " or lease lost by " + move.leaseOwner(),
          before.delivery().state(),
          after.state());
      return;
    }
    changed(before.delivery(), after);
    move.followUps().forEach(f -> changed(null, f));
  }

  /**
   * One move of a delivery, from {@code before} (as read from the store) to {@code after}, as a
   * worker decided it.
   *
   * @param leaseOwner when not null, the worker that must still hold the lease
   * @param attempt the attempt that caused it, or null
   * @param detail the timeline entry's words
   * @param followUps the deliveries it gives rise to
   */
  record Move(
      StoredDelivery before,
      Delivery after,
      @Nullable String leaseOwner,
      @Nullable DeliveryAttempt attempt,
      @Nullable String detail,
      List<Delivery> followUps) {

    DeliveryUpdate update() {
      return DeliveryUpdate.of(before, after, leaseOwner, attempt, detail, followUps);
    }
  }

  /** Announces that a worker claimed {@code claimed} (the store moved it to SENDING). */
  void claimed(Delivery claimed) {
    changed(null, claimed);
  }

  /** Announces a delivery's move; {@code before} null when the previous state is not known. */
  void changed(@Nullable Delivery before, Delivery after) {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("deliveryId", after.id().toString());
    attributes.put("messageId", after.messageId().toString());
    attributes.put("recipientId", after.recipientId());
    attributes.put("channel", after.channel().name());
    if (before != null) {
      attributes.put("from", before.state().name());
    }
    attributes.put("to", after.state().name());
    try {
      events.publish(
          new CommunicationEvent(
              CommunicationEvent.DELIVERY_STATE_CHANGED,
              after.tenantId(),
              attributes,
              after.updatedAt()));
    } catch (RuntimeException e) {
      log.warn("Publishing the state change of delivery {} failed", after.id(), e);
    }
  }
}
