package dev.communicable.jdbc.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Wakes idle workers when work may be due. On PostgreSQL one named thread holds a connection that
 * LISTENs on {@link Dialect#WORK_CHANNEL}; every enqueue NOTIFYs in its transaction, so workers on
 * every node wake within milliseconds of a commit (and never for a rollback). On H2 the store calls
 * {@link #signal()} itself after its own commits. Polling remains the safety net either way.
 */
final class WorkSignals implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(WorkSignals.class);
  private static final int LISTEN_WAIT_MILLIS = 250;
  private static final Duration MAX_RECONNECT_DELAY = Duration.ofSeconds(5);

  private final Database db;
  private final CopyOnWriteArrayList<Runnable> callbacks = new CopyOnWriteArrayList<>();
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition stopped = lock.newCondition();
  private @Nullable Thread listener;
  private volatile boolean running;

  WorkSignals(Database db) {
    this.db = db;
  }

  AutoCloseable register(Runnable callback) {
    callbacks.add(callback);
    if (db.dialect().notifies()) {
      startListener();
    }
    return () -> callbacks.remove(callback);
  }

  /** Runs every callback; one that throws does not stop the others. */
  void signal() {
    for (Runnable callback : callbacks) {
      try {
        callback.run();
      } catch (RuntimeException e) {
        LOG.warn("a work-available callback failed", e);
      }
    }
  }

  /** Signals from this node when the database cannot (H2). */
  void signalLocally() {
    if (!db.dialect().notifies()) {
      signal();
    }
  }

  private void startListener() {
    lock.lock();
    try {
      if (listener != null) {
        return;
      }
      running = true;
      listener = new Thread(this::listen, "communicable-work-listener");
      listener.setDaemon(true);
      listener.start();
    } finally {
      lock.unlock();
    }
  }

  private void listen() {
    long delayMillis = 100;
    while (running) {
      try (Connection connection = db.dataSource().getConnection()) {
        connection.setAutoCommit(true);
        Database.on(connection, db.dialect()).query("listen " + Dialect.WORK_CHANNEL).execute();
        PGConnection pg = connection.unwrap(PGConnection.class);
        delayMillis = 100;
        signal(); // anything enqueued while not listening
        while (running) {
          PGNotification[] notifications = pg.getNotifications(LISTEN_WAIT_MILLIS);
          if (notifications != null && notifications.length > 0) {
            signal();
          }
        }
      } catch (SQLException | RuntimeException e) {
        if (!running) {
          return;
        }
        LOG.warn("listening for queued work failed; reconnecting in {} ms", delayMillis, e);
        waitWhileRunning(delayMillis);
        delayMillis = Math.min(delayMillis * 2, MAX_RECONNECT_DELAY.toMillis());
      }
    }
  }

  private void waitWhileRunning(long millis) {
    lock.lock();
    try {
      if (running) {
        stopped.await(millis, TimeUnit.MILLISECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      running = false;
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    Thread thread;
    lock.lock();
    try {
      running = false;
      stopped.signalAll();
      thread = listener;
      listener = null;
    } finally {
      lock.unlock();
    }
    callbacks.clear();
    if (thread != null) {
      try {
        thread.join(LISTEN_WAIT_MILLIS * 8L);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
