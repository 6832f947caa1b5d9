package dev.communicable.spi;

import java.util.function.Consumer;

/**
 * Publishes events to listeners. In-memory: the listeners of this node. Redis: the listeners of
 * every node. Delivery to listeners is at-most-once and may be asynchronous; a listener that throws
 * does not affect others.
 */
public interface EventBus extends AutoCloseable {

  /**
   * Publishes an event; never blocks on listeners.
   *
   * @throws dev.communicable.InvalidRequestException when {@code event} is null
   */
  void publish(CommunicationEvent event);

  /**
   * Registers a listener for every event.
   *
   * @return a handle whose {@code close()} unregisters it; the same listener subscribed twice is
   *     two subscriptions, each with its own handle
   * @throws dev.communicable.InvalidRequestException when {@code listener} is null
   */
  AutoCloseable subscribe(Consumer<CommunicationEvent> listener);

  /**
   * Stops delivering events and releases what the bus holds; events published afterwards are
   * dropped. Closing again does nothing. The default does nothing.
   */
  @Override
  default void close() {}
}
