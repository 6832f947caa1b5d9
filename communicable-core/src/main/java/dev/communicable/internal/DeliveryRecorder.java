package dev.communicable.internal;

import dev.communicable.StoreException;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.spi.CommunicationEvent;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.DeliveryUpdate;
import dev.communicable.spi.EventBus;
import dev.communicable.spi.StoredDelivery;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each move of a delivery as one guarded {@link DeliveryUpdate} (new value, attempt,
 * timeline entry and follow-ups together) and announces it with {@code delivery.state_changed}
 * events once it is stored. A write that loses a race is reported, not thrown. Workers write their
 * batch's moves together ({@link #writeAll}, through an {@link OutcomeBatch}); after a transient
 * failure of such a write, which may have committed all the same, it reads the moves back, carries
 * on for those that were written and writes the others once more.
 */
final class DeliveryRecorder {
  private static final Logger log = LoggerFactory.getLogger(DeliveryRecorder.class);

  private final DeliveryStore store;
  private final EventBus events;
  private final Consumer<Delivery> deadLettered;

  DeliveryRecorder(DeliveryStore store, EventBus events) {
    this(store, events, d -> {});
  }

  /**
   * @param deadLettered told of each delivery this recorder wrote DEAD_LETTERED (the dead-letter
   *     alerts' count), on the writing thread; must be quick and must not throw
   */
  DeliveryRecorder(DeliveryStore store, EventBus events, Consumer<Delivery> deadLettered) {
    this.store = store;
    this.events = events;
    this.deadLettered = deadLettered;
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
    announce(move, written ? WriteResult.WRITTEN : WriteResult.LOST_RACE);
    return written;
  }

  /**
   * Writes several moves with one {@link DeliveryStore#updateAll}: each guarded on its own, the
   * winners committed together, and announced once stored.
   *
   * <p>A transient failure ({@link StoreException#isTransient()}: the connection dropped, the
   * database restarted) may have come after the commit went through, while its answer was lost. So
   * the moves are then read back ({@link #stored}): those stored are reported written and announced
   * exactly as if the call had answered, and the others are written once more, with one more call
   * (the store takes a fresh connection for it). What that call does not write either is logged as
   * not written.
   *
   * @return for each move, whether it was written
   * @throws StoreException when the store failed and nothing of the batch was written, or after a
   *     transient failure when the moves could not be read back (then some may have been written)
   */
  List<Boolean> writeAll(List<Move> moves) {
    if (moves.isEmpty()) {
      return List.of();
    }
    List<WriteResult> results;
    try {
      results = updateAll(moves);
    } catch (StoreException e) {
      if (!e.isTransient()) {
        throw e;
      }
      results = readBack(moves, e);
      writeAgain(moves, results);
    }
    List<Boolean> written = new ArrayList<>(moves.size());
    for (int i = 0; i < moves.size(); i++) {
      announce(moves.get(i), results.get(i));
      written.add(results.get(i) == WriteResult.WRITTEN);
    }
    return written;
  }

  /** What became of one move of a batch. */
  private enum WriteResult {
    WRITTEN,
    /** Another writer moved the delivery first (or took over its lease). */
    LOST_RACE,
    /** The store failed; the delivery stays as it was, under its lease. */
    NOT_WRITTEN
  }

  private List<WriteResult> updateAll(List<Move> moves) {
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
    List<WriteResult> results = new ArrayList<>(written.size());
    for (boolean won : written) {
      results.add(won ? WriteResult.WRITTEN : WriteResult.LOST_RACE);
    }
    return results;
  }

  /**
   * After {@code failure}, a transient failure of the batch write of {@code moves}, finds out which
   * of them were written all the same.
   *
   * @throws StoreException {@code failure}, when the moves cannot be read back
   */
  private List<WriteResult> readBack(List<Move> moves, StoreException failure) {
    List<WriteResult> results = new ArrayList<>(moves.size());
    try {
      for (Move move : moves) {
        results.add(stored(move) ? WriteResult.WRITTEN : WriteResult.NOT_WRITTEN);
      }
    } catch (RuntimeException readFailure) {
      failure.addSuppressed(readFailure);
      throw failure;
    }
    long written = results.stream().filter(r -> r == WriteResult.WRITTEN).count();
    long rest = moves.size() - written;
    log.warn(
        "Writing the outcomes of {} deliveries failed; read back, {} of them had been written{}",
        moves.size(),
        written,
        rest == 0 ? "" : ", the other " + rest + " are written once more",
        failure);
    return results;
  }

  /**
   * Writes the moves that {@code results} holds as not written once more, in one {@link
   * DeliveryStore#updateAll}, and puts what became of them in {@code results}. A move already
   * written loses its race there, so one that lost, or that a transient failure left unknown, is
   * read back once more: the first write may have committed only after {@link #readBack} looked.
   */
  private void writeAgain(List<Move> moves, List<WriteResult> results) {
    List<Integer> open = new ArrayList<>();
    for (int i = 0; i < moves.size(); i++) {
      if (results.get(i) == WriteResult.NOT_WRITTEN) {
        open.add(i);
      }
    }
    if (open.isEmpty()) {
      return;
    }
    List<Move> again = new ArrayList<>(open.size());
    open.forEach(i -> again.add(moves.get(i)));
    List<WriteResult> retried;
    boolean unknown;
    try {
      retried = updateAll(again);
      unknown = false;
    } catch (RuntimeException e) {
      log.warn("Writing the outcomes of {} deliveries failed again", again.size(), e);
      retried = new ArrayList<>(Collections.nCopies(again.size(), WriteResult.NOT_WRITTEN));
      unknown = e instanceof StoreException se && se.isTransient();
    }
    boolean readable = true;
    for (int k = 0; k < again.size(); k++) {
      WriteResult result = retried.get(k);
      boolean uncertain =
          result == WriteResult.LOST_RACE || (unknown && result == WriteResult.NOT_WRITTEN);
      if (uncertain && readable) {
        try {
          if (stored(again.get(k))) {
            result = WriteResult.WRITTEN;
          }
        } catch (RuntimeException e) {
          log.warn("Reading the outcomes back failed again; the rest count as not written", e);
          readable = false;
        }
      }
      results.set(open.get(k), result);
    }
  }

  /**
   * True when the store holds {@code move}'s delivery as the move wrote it: its new version, in its
   * new state. Only one write makes a version; the state tells this move's write from another
   * writer's that made the same version (a take-over's claim, which leaves it SENDING).
   */
  private boolean stored(Move move) {
    Delivery after = move.after();
    long written = move.before().version() + 1;
    return store
        .find(after.tenantId(), after.id())
        .filter(s -> s.version() == written && s.delivery().state() == after.state())
        .isPresent();
  }

  private void announce(Move move, WriteResult result) {
    StoredDelivery before = move.before();
    Delivery after = move.after();
    switch (result) {
      case WRITTEN -> {
        changed(before.delivery(), after);
        move.followUps().forEach(f -> changed(null, f));
        if (after.state() == DeliveryState.DEAD_LETTERED
            && before.delivery().state() != DeliveryState.DEAD_LETTERED) {
          deadLettered.accept(after);
        }
      }
      case LOST_RACE ->
          log.info(
              "Delivery {} moved on elsewhere (version {} no longer current{}); skipped {} -> {}",
              before.id(),
              before.version(),
              move.leaseOwner() == null ? "" : " or lease lost by " + move.leaseOwner(),
              before.delivery().state(),
              after.state());
      case NOT_WRITTEN ->
          log.info(
              "Delivery {}: {} -> {} not written, the store failed; it stays {} and is sent"
                  + " again once the lease of {} runs out",
              before.id(),
              before.delivery().state(),
              after.state(),
              before.delivery().state(),
              move.leaseOwner());
    }
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
