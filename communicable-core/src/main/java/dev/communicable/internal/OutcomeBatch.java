package dev.communicable.internal;

import dev.communicable.MessageId;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.spi.StoredDelivery;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The moves one worker thread decided for the deliveries it holds under its lease and has not
 * written yet; {@link #flush()} writes them with one {@link DeliveryRecorder#writeAll} (one
 * transaction in a database) instead of one per delivery. Events and the after-write work (early
 * receipts) happen only for the moves that won their race, after the write.
 *
 * <p>Bounded: it holds at most {@code limit} moves, none much longer than {@code maxHold}: the
 * worker looks before and after each delivery, and the dispatcher's watch thread looks while the
 * worker is stuck in a slow send ({@link #flushIfDue()} is safe from another thread), so an outcome
 * never waits for a hung adapter and its lease never runs out while it waits here. The hold is
 * measured in real time, not by the injected clock: it bounds how late a write happens, it decides
 * nothing about a delivery, and a test's frozen clock must not hold outcomes forever. Before a
 * worker starts a delivery of a recipient (same tenant, message, recipient) that has a move
 * waiting, the batch is flushed: fallbacks and escalations are planned from the stored deliveries
 * of that recipient, which must show the earlier moves.
 *
 * <p>When a flush fails on a transient error, the write may have committed all the same (the
 * connection dropped during COMMIT): the recorder reads the moves back, those that were written go
 * on exactly as after a write that answered, and the others are written once more. A move that was
 * not written even then leaves its delivery SENDING under this worker's lease, and the worker that
 * takes it over when the lease runs out sends it again (at least once); the batch forgets that
 * move, runs its clean-up (the receipts it was expecting) and announces nothing. One per worker
 * thread; its methods are synchronized only so that the watch thread can flush it.
 */
final class OutcomeBatch {
  private static final Logger log = LoggerFactory.getLogger(OutcomeBatch.class);

  /** The longest a decided move waits to be written, unless the lease is shorter. */
  static final Duration MAX_HOLD = Duration.ofMillis(200);

  private record Family(String tenantId, MessageId messageId, String recipientId) {
    static Family of(Delivery d) {
      return new Family(d.tenantId(), d.messageId(), d.recipientId());
    }
  }

  private record Pending(
      DeliveryRecorder.Move move, Consumer<Delivery> whenWritten, Runnable afterwards) {}

  private final DeliveryRecorder recorder;
  private final String owner;
  private final int limit;
  private final long maxHoldNanos;
  private final List<Pending> pending = new ArrayList<>();
  private final Set<Family> families = new HashSet<>();
  private final Set<DeliveryId> ids = new HashSet<>();
  private long oldestNanos;

  OutcomeBatch(DeliveryRecorder recorder, String owner, int limit, Duration lease) {
    this.recorder = recorder;
    this.owner = owner;
    this.limit = Math.max(1, limit);
    Duration quarterLease = lease.dividedBy(4);
    this.maxHoldNanos = (quarterLease.compareTo(MAX_HOLD) < 0 ? quarterLease : MAX_HOLD).toNanos();
  }

  /** The worker holding the lease of every delivery in this batch. */
  String owner() {
    return owner;
  }

  /** Adds the move from {@code before} to {@code after}, guarded by this worker's lease. */
  void add(
      StoredDelivery before,
      Delivery after,
      @Nullable DeliveryAttempt attempt,
      String detail,
      List<Delivery> followUps) {
    add(before, after, attempt, detail, followUps, d -> {}, () -> {});
  }

  /**
   * As {@link #add(StoredDelivery, Delivery, DeliveryAttempt, String, List)}, running {@code
   * whenWritten} with {@code after} once the move is stored, and {@code afterwards} once the flush
   * is over, whatever its result.
   */
  synchronized void add(
      StoredDelivery before,
      Delivery after,
      @Nullable DeliveryAttempt attempt,
      String detail,
      List<Delivery> followUps,
      Consumer<Delivery> whenWritten,
      Runnable afterwards) {
    DeliveryRecorder.Move move;
    try {
      move = new DeliveryRecorder.Move(before, after, owner, attempt, detail, followUps);
      move.update(); // checks the move now, not in the middle of the flush
    } catch (RuntimeException e) {
      afterwards.run();
      throw e;
    }
    if (pending.isEmpty()) {
      oldestNanos = System.nanoTime();
    }
    pending.add(new Pending(move, whenWritten, afterwards));
    families.add(Family.of(before.delivery()));
    ids.add(before.id());
    if (pending.size() >= limit) {
      flush();
    }
  }

  /** True when a move of {@code id} waits to be written. */
  synchronized boolean holds(DeliveryId id) {
    return ids.contains(id);
  }

  /**
   * Flushes first when {@code next}'s recipient has a move waiting or the oldest move has waited
   * long enough; called before a worker starts {@code next}.
   */
  synchronized void before(Delivery next) {
    if (families.contains(Family.of(next))) {
      flush();
    } else {
      flushIfDue();
    }
  }

  /** Flushes when the oldest move has waited its longest. */
  synchronized void flushIfDue() {
    if (!pending.isEmpty() && System.nanoTime() - oldestNanos >= maxHoldNanos) {
      flush();
    }
  }

  /**
   * Writes every waiting move. Never throws: a move the store failed to write is left to its lease.
   */
  synchronized void flush() {
    if (pending.isEmpty()) {
      return;
    }
    List<Pending> batch = List.copyOf(pending);
    pending.clear();
    families.clear();
    ids.clear();
    try {
      List<DeliveryRecorder.Move> moves = new ArrayList<>(batch.size());
      for (Pending p : batch) {
        moves.add(p.move());
      }
      List<Boolean> written;
      try {
        written = recorder.writeAll(moves);
      } catch (RuntimeException e) {
        log.warn(
            "Writing the outcomes of {} deliveries failed; those not written stay leased to {}"
                + " and are sent again once the lease runs out",
            batch.size(),
            owner,
            e);
        return;
      }
      for (int i = 0; i < batch.size(); i++) {
        if (written.get(i)) {
          Pending p = batch.get(i);
          try {
            p.whenWritten().accept(p.move().after());
          } catch (RuntimeException e) {
            log.warn("After recording delivery {}", p.move().after().id(), e);
          }
        }
      }
    } finally {
      for (Pending p : batch) {
        try {
          p.afterwards().run();
        } catch (RuntimeException e) {
          log.warn("Cleaning up after delivery {}", p.move().after().id(), e);
        }
      }
    }
  }

  /** How many moves wait to be written. */
  synchronized int size() {
    return pending.size();
  }
}
