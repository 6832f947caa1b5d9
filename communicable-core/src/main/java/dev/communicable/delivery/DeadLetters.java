package dev.communicable.delivery;

import java.util.List;
import org.jspecify.annotations.Nullable;

/** The dead-letter queue; reached by {@code communication.deadLetters()}. */
public interface DeadLetters {
  /** The largest {@code limit} one page may ask for: {@value}. */
  int MAX_LIMIT = 1000;

  /**
   * Dead-lettered deliveries, oldest first, a page at a time ({@code after} null for the first) of
   * at most {@code limit} (1 to {@link #MAX_LIMIT}).
   */
  List<Delivery> list(String tenantId, @Nullable DeliveryId after, int limit);

  /**
   * Queues a dead letter again with a fresh set of attempts, due now.
   *
   * @throws dev.communicable.NotFoundException when it does not exist
   * @throws IllegalTransitionException when it is not dead-lettered
   */
  Delivery replay(String tenantId, DeliveryId id);

  /** Replays every dead letter of the tenant, a page at a time; returns how many. */
  int replayAll(String tenantId);
}
