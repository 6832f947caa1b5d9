package dev.communicable.internal;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.Limits;
import dev.communicable.StoreException;
import dev.communicable.channel.ChannelType;
import dev.communicable.preference.PreferenceCenter;
import dev.communicable.preference.PreferenceChange;
import dev.communicable.preference.PreferenceEditor;
import dev.communicable.preference.Preferences;
import dev.communicable.spi.CommunicationEvent;
import dev.communicable.spi.EventBus;
import dev.communicable.spi.PreferenceStore;
import java.time.Clock;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@link PreferenceCenter} over a {@link PreferenceStore}: optimistic read-modify-write with an
 * audit entry per change, retried a bounded number of times when someone else changed the same
 * recipient's preferences in between, and announced on the {@link EventBus}.
 */
public final class PreferenceService implements PreferenceCenter {
  /** How many times an update is tried before giving up on a hot recipient. */
  public static final int MAX_ATTEMPTS = 16;

  /** The most topics one recipient may hold choices for. */
  public static final int MAX_TOPICS = 1000;

  /** The longest actor or reason, in characters. */
  public static final int MAX_TEXT = Limits.MAX_AUDIT_TEXT_LENGTH;

  /** The most history entries one call returns. */
  public static final int MAX_HISTORY = 1000;

  /** Same rule as a notification's topic, so that every stored choice can match one. */
  private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

  private final PreferenceStore store;
  private final EventBus events;
  private final Clock clock;
  private final PreferenceCache cache;

  public PreferenceService(PreferenceStore store, EventBus events, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.cache = new PreferenceCache(store, clock);
  }

  /**
   * The cached view workers read at dispatch; {@link #get} and {@link #update} always read the
   * store, and an update through this service drops the recipient from it.
   */
  PreferenceCache cache() {
    return cache;
  }

  /**
   * After a lost race, waits a random moment that grows with the number of losses, so that writers
   * racing on one recipient spread out instead of colliding again in lock-step.
   */
  private static void backOff(int lostRaces) {
    long maxNanos = Math.min(lostRaces, 10) * 500_000L;
    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(maxNanos / 2, maxNanos + 1));
  }

  @Override
  public Preferences get(String tenantId, String recipientId) {
    Checks.id("tenantId", tenantId);
    Checks.id("recipientId", recipientId);
    return store
        .find(tenantId, recipientId)
        .orElseGet(() -> Preferences.defaults(tenantId, recipientId));
  }

  /**
   * The stored preferences of those of the recipients who set any, read from the store in one go
   * (for a notification with many recipients); the others have the defaults.
   */
  Map<String, Preferences> stored(String tenantId, Collection<String> recipientIds) {
    return store.findAll(tenantId, recipientIds);
  }

  /**
   * {@inheritDoc}
   *
   * <p>{@code change} may run more than once (once per attempt, each time on the freshest stored
   * preferences), so it should only describe the change. After {@link #MAX_ATTEMPTS} lost races a
   * transient {@link StoreException} is thrown and nothing is written.
   *
   * @throws InvalidRequestException for a blank tenant, recipient or actor, an over-long reason, a
   *     null change, or a bad topic name
   */
  @Override
  public Preferences update(
      String tenantId,
      String recipientId,
      String actor,
      @Nullable String reason,
      UnaryOperator<PreferenceEditor> change) {
    Checks.id("tenantId", tenantId);
    Checks.id("recipientId", recipientId);
    Arguments.id("actor", actor, MAX_TEXT);
    if (reason != null) {
      Arguments.text("reason", reason, MAX_TEXT);
    }
    Arguments.notNull("change", change);
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      Preferences before = store.find(tenantId, recipientId).orElse(null);
      Preferences base = before == null ? Preferences.defaults(tenantId, recipientId) : before;
      PreferenceEditor edited = change.apply(new PreferenceEditor(base));
      if (edited == null) {
        throw new InvalidRequestException("change", "returned null instead of the editor");
      }
      Preferences after = edited.toPreferences();
      check(after);
      PreferenceChange entry =
          new PreferenceChange(
              tenantId, recipientId, actor, clock.instant(), before, after, reason);
      if (store.save(entry)) {
        cache.forget(tenantId, recipientId);
        events.publish(
            new CommunicationEvent(
                CommunicationEvent.PREFERENCES_CHANGED,
                tenantId,
                Map.of("recipientId", recipientId, "version", String.valueOf(after.version())),
                entry.at()));
        return after;
      }
      backOff(attempt);
    }
    throw new StoreException(
        "preferences of recipient '"
            + recipientId
            + "' in tenant '"
            + tenantId
            + "' changed concurrently "
            + MAX_ATTEMPTS
            + " times in a row; nothing was written",
        true,
        null);
  }

  @Override
  public List<PreferenceChange> history(String tenantId, String recipientId, int limit) {
    Checks.id("tenantId", tenantId);
    Checks.id("recipientId", recipientId);
    Arguments.between("limit", limit, 1, MAX_HISTORY);
    return store.history(tenantId, recipientId, limit);
  }

  private static void check(Preferences p) {
    if (p.topics().size() > MAX_TOPICS) {
      throw new InvalidRequestException(
          "topics", "at most " + MAX_TOPICS + " per recipient, was " + p.topics().size());
    }
    for (Map.Entry<String, Map<ChannelType, Boolean>> e : p.topics().entrySet()) {
      if (!TOPIC.matcher(e.getKey()).matches()) {
        throw new InvalidRequestException(
            "topics",
            "a topic must be 1-128 letters, digits or . _ : / - starting with a letter or digit,"
                + " was "
                + Arguments.echo(e.getKey()));
      }
    }
  }
}
