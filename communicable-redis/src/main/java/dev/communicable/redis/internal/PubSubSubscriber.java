package dev.communicable.redis.internal;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import redis.clients.jedis.JedisPubSub;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Listens to one pub/sub channel on its own named thread, resubscribing after each lost connection.
 * Each (re)subscription runs {@code onSubscribed} first, so that whoever relies on the messages can
 * make up for those missed while disconnected. {@link #close()} unsubscribes and ends the thread.
 */
public final class PubSubSubscriber implements AutoCloseable {
  private final UnifiedJedis jedis;
  private final String channel;
  private final Consumer<String> onMessage;
  private final Runnable onSubscribed;
  private final OutageGuard guard;
  private final Duration reconnectDelay;
  private final Thread thread;
  private final CountDownLatch closed = new CountDownLatch(1);
  private volatile @Nullable Listener current;
  private volatile boolean subscribed;

  public PubSubSubscriber(
      UnifiedJedis jedis,
      String channel,
      String threadName,
      Consumer<String> onMessage,
      Runnable onSubscribed,
      OutageGuard guard,
      Duration reconnectDelay) {
    this.jedis = jedis;
    this.channel = channel;
    this.onMessage = onMessage;
    this.onSubscribed = onSubscribed;
    this.guard = guard;
    this.reconnectDelay = reconnectDelay;
    this.thread = new Thread(this::run, threadName);
    this.thread.setDaemon(true);
  }

  /** Starts listening. */
  public void start() {
    thread.start();
  }

  /** True while subscribed: messages published now will be received. */
  public boolean isSubscribed() {
    return subscribed;
  }

  private void run() {
    while (closed.getCount() > 0) {
      try {
        // A fresh listener per connection: a JedisPubSub keeps the state of its last one.
        Listener listener = new Listener();
        current = listener;
        jedis.subscribe(listener, channel);
      } catch (JedisException e) {
        guard.failed(e);
      } catch (RuntimeException e) {
        // A bug in a callback must not end the subscription for good.
        guard.failed(e);
      } finally {
        subscribed = false;
      }
      try {
        if (closed.await(reconnectDelay.toMillis(), TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  @Override
  public void close() {
    closed.countDown();
    Listener listener = current;
    if (listener != null && listener.isSubscribed()) {
      try {
        listener.unsubscribe();
      } catch (JedisException e) {
        // The connection is gone already; the thread is leaving the subscription anyway.
      }
    }
    try {
      thread.join(Duration.ofSeconds(5).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private final class Listener extends JedisPubSub {
    @Override
    public void onSubscribe(String ch, int count) {
      if (closed.getCount() == 0) {
        unsubscribe();
        return;
      }
      guard.succeeded();
      onSubscribed.run();
      subscribed = true;
    }

    @Override
    public void onMessage(String ch, String message) {
      onMessage.accept(message);
    }
  }
}
