package dev.communicable.delivery;

import dev.communicable.Arguments;
import dev.communicable.channel.ChannelType;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * When to be told that dead letters pile up: {@code DeadLetterAlert.when(20).perTenant()
 * .within(Duration.ofMinutes(10))} alerts when one tenant's deliveries are dead-lettered 20 times
 * in 10 minutes; {@code perChannel()} counts one channel's dead letters over all tenants (a
 * provider that is down). Given to {@code Communication.Builder.deadLetterAlert(alert, listener)}.
 * Immutable: each method returns a changed copy.
 *
 * <p>The listener hears of each crossing once: when the count within the window reaches the
 * threshold. It is not told again while the count stays at or above it; once the count has fallen
 * back below the threshold (old dead letters leave the window), the next crossing is told again. It
 * is called on the engine's orchestrator thread (or the thread calling {@code dispatchDue()}),
 * never on a worker's, and a listener that throws is logged and does not stop the engine.
 *
 * <p>What is counted, and why so: each node counts the dead letters its own workers write, in
 * memory, in twelve buckets per window (so the window slides in steps of a twelfth of it), for at
 * most {@value #MAX_KEYS} tenants or channels at a time (the least recently dead-lettering one is
 * forgotten beyond that). A count in the store would need a query per dead letter, or a scan of
 * every tenant at each housekeeping round; the in-memory count costs a few operations per dead
 * letter and holds a bounded amount of memory. With several nodes sharing a queue each node alerts
 * on its own count, so set the threshold for one node's share of the traffic.
 */
public final class DeadLetterAlert {

  /** The most tenants or channels one alert counts at a time. */
  public static final int MAX_KEYS = 1000;

  /** The largest threshold. */
  public static final int MAX_THRESHOLD = 1_000_000;

  /** The window when none is given. */
  public static final Duration DEFAULT_WINDOW = Duration.ofHours(1);

  /** The shortest window. */
  public static final Duration MIN_WINDOW = Duration.ofSeconds(12);

  /** The longest window. */
  public static final Duration MAX_WINDOW = Duration.ofDays(7);

  /** What the dead letters are counted per. */
  public enum Scope {
    /** Per tenant, all channels together. */
    TENANT,
    /** Per channel, all tenants together. */
    CHANNEL
  }

  private final int threshold;
  private final Scope scope;
  private final Duration window;

  private DeadLetterAlert(int threshold, Scope scope, Duration window) {
    this.threshold = threshold;
    this.scope = scope;
    this.window = window;
  }

  /**
   * Alerts when {@code threshold} dead letters (1 to {@value #MAX_THRESHOLD}) are counted within
   * the window; per tenant and within {@link #DEFAULT_WINDOW} until told otherwise.
   */
  public static DeadLetterAlert when(int threshold) {
    return new DeadLetterAlert(
        Arguments.between("deadLetterAlert.threshold", threshold, 1, MAX_THRESHOLD),
        Scope.TENANT,
        DEFAULT_WINDOW);
  }

  /** Counts each tenant's dead letters, over all its channels (the default). */
  public DeadLetterAlert perTenant() {
    return new DeadLetterAlert(threshold, Scope.TENANT, window);
  }

  /** Counts each channel's dead letters, over all tenants. */
  public DeadLetterAlert perChannel() {
    return new DeadLetterAlert(threshold, Scope.CHANNEL, window);
  }

  /**
   * Counts the dead letters of the last {@code window}, from {@link #MIN_WINDOW} to {@link
   * #MAX_WINDOW}. Default: {@link #DEFAULT_WINDOW}.
   */
  public DeadLetterAlert within(Duration window) {
    return new DeadLetterAlert(
        threshold,
        scope,
        Arguments.between("deadLetterAlert.window", window, MIN_WINDOW, MAX_WINDOW));
  }

  public int threshold() {
    return threshold;
  }

  public Scope scope() {
    return scope;
  }

  public Duration window() {
    return window;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DeadLetterAlert a
        && a.threshold == threshold
        && a.scope == scope
        && a.window.equals(window);
  }

  @Override
  public int hashCode() {
    return Objects.hash(threshold, scope, window);
  }

  @Override
  public String toString() {
    return "DeadLetterAlert[" + threshold + " per " + scope + " within " + window + "]";
  }

  /** Told when dead letters pass an alert's threshold. */
  @FunctionalInterface
  public interface Listener {

    /** The dead letters of {@code crossing}'s tenant or channel reached its threshold. */
    void thresholdReached(Crossing crossing);
  }

  /**
   * One crossing of an alert's threshold.
   *
   * @param alert the alert whose threshold was reached
   * @param tenantId the tenant, for a {@link Scope#TENANT} alert; else null
   * @param channel the channel, for a {@link Scope#CHANNEL} alert; else null
   * @param count how many dead letters were counted within the window, at least the threshold
   * @param threshold the alert's threshold
   * @param at when the dead letter that reached it was counted
   */
  public record Crossing(
      DeadLetterAlert alert,
      @Nullable String tenantId,
      @Nullable ChannelType channel,
      int count,
      int threshold,
      Instant at) {

    public Crossing {
      Arguments.notNull("alert", alert);
      Arguments.notNull("at", at);
    }
  }
}
