package dev.communicable.spi;

import java.util.function.Consumer;

/**
 * Publishes events to listeners. In-memory: the listeners of this node. Redis: the listeners of
 * every node. Delivery to listeners is at-most-once and may be asynchronous; a listener that throws
 * does not affect others.
 */
public interface EventBus extends AutoCloseable {

  /** Publishes an event; never blocks on listeners. */
  void publish(CommunicationEvent event);

  /**
   * Registers a listener for every event.
   *
   * @return a handle whose {@code close()} unregisters it
   */
  AutoCloseable subscribe(Consumer<CommunicationEvent> listener);

  @Override
  default void close() {}
}
