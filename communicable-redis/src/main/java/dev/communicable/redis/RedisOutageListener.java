package dev.communicable.redis;

import dev.communicable.redis.internal.LoggingOutageListener;
import java.time.Duration;

/**
 * Told when a Redis-backed component loses Redis and when it has it back: once per outage, however
 * many calls the outage touches. The default, {@link #logging()}, writes one warning when an outage
 * begins and one line when it ends.
 */
public interface RedisOutageListener {

  /**
   * Redis stopped answering the component.
   *
   * @param component which component, such as {@code "throttler"} or {@code "event-bus"}
   * @param cause the first failure of the outage
   */
  void onOutage(String component, RuntimeException cause);

  /**
   * Redis answered the component again.
   *
   * @param component which component
   * @param downFor how long the outage lasted
   * @param callsWithoutRedis how many calls were answered without Redis meanwhile (by the failure
   *     mode, dropped, or refused)
   */
  void onRecovery(String component, Duration downFor, long callsWithoutRedis);

  /** A listener that logs each outage's start and end through SLF4J. */
  static RedisOutageListener logging() {
    return LoggingOutageListener.INSTANCE;
  }
}
