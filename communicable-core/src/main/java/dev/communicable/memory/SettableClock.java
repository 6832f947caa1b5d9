package dev.communicable.memory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A clock that stands still until told to move, for tests that drive time: give it to {@code
 * Communication.builder().clock(...)}, then {@link #advance} past a backoff, a quiet hour or a
 * throttle window and call {@code dispatchDue()}. Thread-safe; clocks made by {@link #withZone}
 * share the same instant, so moving one moves them all.
 *
 * <pre>{@code
 * SettableClock clock = SettableClock.of(Instant.parse("2026-01-01T09:00:00Z"));
 * clock.advance(Duration.ofMinutes(5));
 * }</pre>
 */
public final class SettableClock extends Clock {
  private final AtomicReference<Instant> now;
  private final ZoneId zone;

  private SettableClock(AtomicReference<Instant> now, ZoneId zone) {
    this.now = now;
    this.zone = zone;
  }

  /** A clock standing at {@code instant}, in UTC. */
  public static SettableClock of(Instant instant) {
    return new SettableClock(
        new AtomicReference<>(Objects.requireNonNull(instant, "instant")), ZoneOffset.UTC);
  }

  /** Moves the clock to {@code instant} (backwards too, to test clock skew). */
  public void set(Instant instant) {
    now.set(Objects.requireNonNull(instant, "instant"));
  }

  /**
   * Moves the clock forward by {@code duration} (backwards when negative).
   *
   * @return the new instant
   */
  public Instant advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    return now.updateAndGet(i -> i.plus(duration));
  }

  @Override
  public Instant instant() {
    return now.get();
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  /** A clock in {@code zone} that shares this clock's instant. */
  @Override
  public SettableClock withZone(ZoneId zone) {
    return new SettableClock(now, Objects.requireNonNull(zone, "zone"));
  }

  @Override
  public String toString() {
    return "SettableClock[" + now.get() + "," + zone + "]";
  }
}
