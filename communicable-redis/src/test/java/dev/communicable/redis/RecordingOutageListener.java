package dev.communicable.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Remembers what it was told. */
final class RecordingOutageListener implements RedisOutageListener {
  final List<RuntimeException> outages = new CopyOnWriteArrayList<>();
  final List<Long> recoveries = new CopyOnWriteArrayList<>();

  @Override
  public void onOutage(String component, RuntimeException cause) {
    outages.add(cause);
  }

  @Override
  public void onRecovery(String component, Duration downFor, long callsWithoutRedis) {
    recoveries.add(callsWithoutRedis);
  }
}
