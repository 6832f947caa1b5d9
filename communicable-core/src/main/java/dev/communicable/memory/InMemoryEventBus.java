package dev.communicable.memory;

import dev.communicable.Arguments;
import dev.communicable.spi.CommunicationEvent;
import dev.communicable.spi.EventBus;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers events to this process's listeners on one named background thread. {@link #publish} only
 * offers the event to a bounded queue, so a slow listener never slows the publisher: when the queue
 * is full the event is dropped and counted ({@link #dropped()}), which is the at-most-once promise
 * of {@link EventBus}. A listener that throws is logged and the others still get the event. {@link
 * #close()} stops the thread; events published after it are dropped.
 */
public final class InMemoryEventBus implements EventBus {
  private static final Logger log = LoggerFactory.getLogger(InMemoryEventBus.class);

  /** The default number of events waiting for listeners before new ones are dropped. */
  public static final int DEFAULT_CAPACITY = 10_000;

  private static final long CLOSE_WAIT_MILLIS = 5_000;

  private final BlockingQueue<CommunicationEvent> queue;
  private final List<Consumer<CommunicationEvent>> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong dropped = new AtomicLong();
  private final Thread thread;
  private volatile boolean closed;

  /** A bus holding up to {@link #DEFAULT_CAPACITY} undelivered events. */
  public InMemoryEventBus() {
    this(DEFAULT_CAPACITY);
  }

  /**
   * A bus holding up to {@code capacity} undelivered events.
   *
   * @throws IllegalArgumentException when capacity is below 1
   */
  public InMemoryEventBus(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
    }
    this.queue = new ArrayBlockingQueue<>(capacity);
    this.thread = new Thread(this::run, "communicable-event-bus");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void publish(CommunicationEvent event) {
    Arguments.notNull("event", event);
    if (closed || !queue.offer(event)) {
      dropped.incrementAndGet();
    }
  }

  @Override
  public AutoCloseable subscribe(Consumer<CommunicationEvent> listener) {
    Arguments.notNull("listener", listener);
    // A wrapper makes each subscription distinct, so closing one never removes another.
    Consumer<CommunicationEvent> subscription = listener::accept;
    listeners.add(subscription);
    return () -> listeners.remove(subscription);
  }

  /** How many events were dropped because the queue was full or the bus closed. */
  public long dropped() {
    return dropped.get();
  }

  /** Stops the delivery thread, waiting briefly for it; undelivered events are dropped. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(CLOSE_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dropped.addAndGet(queue.size());
    queue.clear();
  }

  /** True while the delivery thread runs; false once closed. */
  boolean isRunning() {
    return thread.isAlive();
  }

  private void run() {
    while (!closed) {
      CommunicationEvent event;
      try {
        event = queue.poll(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (event == null || closed) {
        continue;
      }
      for (Consumer<CommunicationEvent> listener : listeners) {
        try {
          listener.accept(event);
        } catch (RuntimeException e) {
          log.warn("an event listener failed on {}", event.type(), e);
        }
      }
    }
  }
}
