package dev.communicable.spi;

import java.util.List;

/**
 * Where accepted messages and their deliveries are written. A {@link DeliveryStore} is an outbox
 * that commits on its own; a store bound to the caller's open transaction (see communicable-jdbc)
 * is an outbox that commits or rolls back with the caller's work.
 */
public interface Outbox {

  /**
   * Writes each message with its recipients and deliveries, all or nothing, and records one
   * timeline entry (from null to the delivery's state) per delivery at the message's creation time.
   * A message whose (tenant, idempotency key) is already stored is not written again: its outcome
   * names the stored message and its deliveries, with {@code duplicate} set.
   *
   * @return one outcome per message, in order
   */
  List<EnqueueOutcome> enqueue(List<NewMessage> messages);
}
