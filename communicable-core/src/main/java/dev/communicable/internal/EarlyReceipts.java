package dev.communicable.internal;

import dev.communicable.delivery.Delivery;
import org.jspecify.annotations.Nullable;

/**
 * What a worker tells the receipt tracking around recording a send, so that a receipt the provider
 * sends back before the send is recorded is kept and applied, not lost. Implemented by {@link
 * TrackingService}.
 */
interface EarlyReceipts {

  /**
   * Called when an adapter accepted {@code sending} as {@code providerMessageId}, before the send
   * is recorded: a receipt under that id arriving meanwhile is kept for the delivery.
   *
   * @return what forgets the id again, to run once the send is recorded (or not)
   */
  Runnable recording(Delivery sending, @Nullable String providerMessageId);

  /** Applies the receipts that arrived for {@code sent} before its send was recorded. */
  void recorded(Delivery sent);
}
