package dev.communicable.redis;

import dev.communicable.Arguments;
import dev.communicable.redis.internal.EventJson;
import dev.communicable.redis.internal.OutageGuard;
import dev.communicable.redis.internal.PubSubSubscriber;
import dev.communicable.spi.CommunicationEvent;
import dev.communicable.spi.EventBus;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * An {@link EventBus} over Redis pub/sub: an event published on any node reaches the listeners of
 * every node subscribed to the same channel, this one included, as JSON.
 *
 * <p>Delivery is at-most-once. A subscriber thread ({@code communicable-events-subscriber})
 * receives events and hands them to a bounded queue; a dispatcher thread ({@code
 * communicable-events-dispatcher}) calls the listeners, each isolated from the others' exceptions.
 * When the queue is full, events are dropped and counted rather than held. While Redis is down,
 * published events are dropped (the outage is reported once) and the subscriber reconnects by
 * itself. {@link #close()} ends both threads.
 */
public final class RedisEventBus implements EventBus {
  private static final Logger LOG = LoggerFactory.getLogger(RedisEventBus.class);

  private final UnifiedJedis jedis;
  private final String channel;
  private final OutageGuard guard;
  private final BlockingQueue<CommunicationEvent> queue;
  private final List<Consumer<CommunicationEvent>> listeners = new CopyOnWriteArrayList<>();
  private final PubSubSubscriber subscriber;
  private final Thread dispatcher;
  private final AtomicLong dropped = new AtomicLong();
  private volatile boolean open = true;

  private RedisEventBus(Builder b) {
    this.jedis = b.jedis;
    this.channel = b.channel;
    this.guard = new OutageGuard("event bus", b.probeInterval, Clock.systemUTC(), b.listener);
    this.queue = new ArrayBlockingQueue<>(b.queueCapacity);
    this.subscriber =
        new PubSubSubscriber(
            jedis,
            channel,
            "communicable-events-subscriber",
            this::received,
            () -> {},
            guard,
            b.probeInterval);
    this.dispatcher = new Thread(this::dispatch, "communicable-events-dispatcher");
    this.dispatcher.setDaemon(true);
    dispatcher.start();
    subscriber.start();
  }

  /** An event bus on {@code jedis} with the defaults of {@link Builder}, listening at once. */
  public static RedisEventBus create(UnifiedJedis jedis) {
    return builder(jedis).build();
  }

  /** Starts an event bus on {@code jedis}, which stays the caller's. */
  public static Builder builder(UnifiedJedis jedis) {
    return new Builder(jedis);
  }

  @Override
  public void publish(CommunicationEvent event) {
    Arguments.notNull("event", event);
    if (!open || !guard.shouldCall()) {
      return;
    }
    try {
      jedis.publish(channel, EventJson.write(event));
      guard.succeeded();
    } catch (JedisException e) {
      guard.failed(e);
    }
  }

  @Override
  public AutoCloseable subscribe(Consumer<CommunicationEvent> listener) {
    Arguments.notNull("listener", listener);
    // Wrapped so that the same listener subscribed twice is two subscriptions.
    Consumer<CommunicationEvent> entry = listener::accept;
    listeners.add(entry);
    return () -> listeners.remove(entry);
  }

  /** True while this node receives events: those published from now on will reach it. */
  public boolean isSubscribed() {
    return subscriber.isSubscribed();
  }

  /** How many received events were dropped because the listeners fell behind. */
  public long droppedEvents() {
    return dropped.get();
  }

  @Override
  public void close() {
    open = false;
    subscriber.close();
    dispatcher.interrupt();
    try {
      dispatcher.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void received(String json) {
    CommunicationEvent event;
    try {
      event = EventJson.read(json);
    } catch (IllegalArgumentException e) {
      LOG.warn("Ignoring a message on {} that is not an event: {}", channel, e.getMessage());
      return;
    }
    if (!queue.offer(event) && dropped.getAndIncrement() == 0) {
      LOG.warn("Event listeners fall behind; dropping events (see droppedEvents())");
    }
  }

  private void dispatch() {
    while (open) {
      CommunicationEvent event;
      try {
        event = queue.poll(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (event == null) {
        continue;
      }
      for (Consumer<CommunicationEvent> listener : listeners) {
        try {
          listener.accept(event);
        } catch (RuntimeException e) {
          LOG.warn("An event listener failed on {}", event.type(), e);
        }
      }
    }
  }

  /** Configures a {@link RedisEventBus}. */
  public static final class Builder {
    private final UnifiedJedis jedis;
    private String channel = "communicable:events";
    private int queueCapacity = 10_000;
    private Duration probeInterval = Duration.ofSeconds(1);
    private RedisOutageListener listener = RedisOutageListener.logging();

    private Builder(UnifiedJedis jedis) {
      this.jedis = Arguments.notNull("jedis", jedis);
    }

    /** The pub/sub channel the nodes share. Default {@code "communicable:events"}. */
    public Builder channel(String channel) {
      this.channel = Arguments.notBlank("channel", channel);
      return this;
    }

    /** How many received events may wait for the listeners. Default 10,000. */
    public Builder queueCapacity(int queueCapacity) {
      this.queueCapacity = Arguments.positive("queueCapacity", queueCapacity);
      return this;
    }

    /**
     * While Redis is down, how often publishing tries it again and the subscriber reconnects.
     * Default 1 second.
     */
    public Builder probeInterval(Duration probeInterval) {
      Arguments.positive("probeInterval", probeInterval);
      Arguments.check(
          probeInterval.toMillis() >= 1,
          "probeInterval",
          "must be at least 1 ms, was " + probeInterval);
      this.probeInterval = probeInterval;
      return this;
    }

    /** Hears when Redis goes and returns. Default {@link RedisOutageListener#logging()}. */
    public Builder outageListener(RedisOutageListener listener) {
      this.listener = Arguments.notNull("outageListener", listener);
      return this;
    }

    /** The event bus, already listening. */
    public RedisEventBus build() {
      return new RedisEventBus(this);
    }
  }
}
