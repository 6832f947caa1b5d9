package dev.communicable.workflow;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.Limits;
import dev.communicable.schedule.Cron;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How a {@link Step.Digest} collects events: over a fixed window, at once for the first event and
 * then over a window (backoff), or until a cron schedule fires in the recipient's time zone. Made
 * by {@link #fixed}, {@link #backoff} or {@link #scheduled}, refined with {@link #key} and {@link
 * #maxItems}; immutable.
 *
 * <pre>{@code
 * DigestSpec.fixed(Duration.ofMinutes(30)).key("projectId").maxItems(50)
 * DigestSpec.scheduled("0 9 * * *")      // daily at 09:00 in the recipient's zone
 * }</pre>
 */
public final class DigestSpec {
  /** The default of {@link #maxItems()}. */
  public static final int DEFAULT_MAX_ITEMS = 100;

  /** The largest {@link #maxItems()}. */
  public static final int MAX_ITEMS = 1000;

  /** The kinds of digest. */
  public enum Kind {
    /** Collects from the first event for {@link #window()}, then sends everything at once. */
    FIXED,
    /**
     * Sends the first event at once, then collects the ones that follow for {@link #window()} and
     * sends them together.
     */
    BACKOFF,
    /** Collects until the {@link #cron()} schedule next fires in the recipient's time zone. */
    SCHEDULED
  }

  private final Kind kind;
  private final @Nullable Duration window;
  private final @Nullable String cron;
  private final @Nullable String key;
  private final int maxItems;

  private DigestSpec(
      Kind kind,
      @Nullable Duration window,
      @Nullable String cron,
      @Nullable String key,
      int maxItems) {
    this.kind = kind;
    this.window = window;
    this.cron = cron;
    this.key = key;
    this.maxItems = maxItems;
  }

  /** Collects over {@code window} from the first event. */
  public static DigestSpec fixed(Duration window) {
    return new DigestSpec(Kind.FIXED, checkWindow(window), null, null, DEFAULT_MAX_ITEMS);
  }

  /** Sends the first event at once, then collects over {@code window}. */
  public static DigestSpec backoff(Duration window) {
    return new DigestSpec(Kind.BACKOFF, checkWindow(window), null, null, DEFAULT_MAX_ITEMS);
  }

  /**
   * Collects until {@code cron} (five-field UNIX cron: minute hour day-of-month month day-of-week)
   * next fires in the recipient's time zone.
   *
   * @throws dev.communicable.InvalidRequestException naming {@code cron} when {@link Cron#parse}
   *     rejects it, for instance when it never fires
   */
  public static DigestSpec scheduled(String cron) {
    return new DigestSpec(Kind.SCHEDULED, null, checkCron(cron), null, DEFAULT_MAX_ITEMS);
  }

  /**
   * A copy that keeps a separate digest per value of the event data field {@code key} (for example
   * one per project). Default: one digest per recipient. Null removes the key.
   */
  public DigestSpec key(@Nullable String key) {
    return new DigestSpec(
        kind, window, cron, key == null ? null : Names.dataKey("key", key), maxItems);
  }

  /**
   * A copy holding at most {@code maxItems} items (1 to {@value #MAX_ITEMS}); later ones are
   * counted as left out. Default {@value #DEFAULT_MAX_ITEMS}.
   */
  public DigestSpec maxItems(int maxItems) {
    return new DigestSpec(
        kind, window, cron, key, Arguments.between("maxItems", maxItems, 1, MAX_ITEMS));
  }

  public Kind kind() {
    return kind;
  }

  /** The window of a {@link Kind#FIXED} or {@link Kind#BACKOFF} digest; null for scheduled. */
  public @Nullable Duration window() {
    return window;
  }

  /** The cron expression of a {@link Kind#SCHEDULED} digest; null for the others. */
  public @Nullable String cron() {
    return cron;
  }

  /** The event data field that splits digests, if any. */
  public Optional<String> key() {
    return Optional.ofNullable(key);
  }

  /** The most items one digest holds. */
  public int maxItems() {
    return maxItems;
  }

  private static Duration checkWindow(@Nullable Duration window) {
    Arguments.positive("window", window);
    if (window.compareTo(Limits.MAX_POLICY_DELAY) > 0) {
      throw new InvalidRequestException(
          "window", "must be at most " + Limits.MAX_POLICY_DELAY + ", was " + window);
    }
    return window;
  }

  private static String checkCron(@Nullable String cron) {
    return Cron.parse(cron).expression();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof DigestSpec d
        && kind == d.kind
        && Objects.equals(window, d.window)
        && Objects.equals(cron, d.cron)
        && Objects.equals(key, d.key)
        && maxItems == d.maxItems;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, window, cron, key, maxItems);
  }

  @Override
  public String toString() {
    return "DigestSpec[kind="
        + kind
        + (window != null ? ", window=" + window : "")
        + (cron != null ? ", cron=" + cron : "")
        + (key != null ? ", key=" + key : "")
        + ", maxItems="
        + maxItems
        + "]";
  }
}
