package dev.communicable.redis.internal;

import dev.communicable.redis.RedisOutageListener;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Logs one warning per outage and one line per recovery. */
public final class LoggingOutageListener implements RedisOutageListener {
  /** The one instance. */
  public static final LoggingOutageListener INSTANCE = new LoggingOutageListener();

  private static final Logger LOG = LoggerFactory.getLogger("dev.communicable.redis");

  private LoggingOutageListener() {}

  @Override
  public void onOutage(String component, RuntimeException cause) {
    LOG.warn(
        "Redis unavailable to the {}; answering without it until it returns", component, cause);
  }

  @Override
  public void onRecovery(String component, Duration downFor, long callsWithoutRedis) {
    LOG.info(
        "Redis available to the {} again after {} ms; {} calls were answered without it",
        component,
        downFor.toMillis(),
        callsWithoutRedis);
  }
}
