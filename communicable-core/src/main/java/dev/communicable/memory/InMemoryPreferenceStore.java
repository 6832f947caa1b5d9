package dev.communicable.memory;

import dev.communicable.Arguments;
import dev.communicable.preference.PreferenceChange;
import dev.communicable.preference.Preferences;
import dev.communicable.spi.PreferenceStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Preferences and their audit trail in memory. Saves are compare-and-set on the version, so two
 * concurrent editors cannot overwrite each other; the trail keeps every change it is given.
 */
final class InMemoryPreferenceStore implements PreferenceStore {

  private record Key(String tenantId, String recipientId) {}

  private final Map<Key, Preferences> current = new HashMap<>();
  private final Map<Key, Deque<PreferenceChange>> history = new HashMap<>();

  @Override
  public synchronized Optional<Preferences> find(String tenantId, String recipientId) {
    return Optional.ofNullable(current.get(key(tenantId, recipientId)));
  }

  @Override
  public synchronized boolean save(PreferenceChange change) {
    Arguments.notNull("change", change);
    Key key = key(change.tenantId(), change.recipientId());
    Arguments.notBlank("change.actor", change.actor());
    Preferences before = change.before();
    Preferences after = change.after();
    Arguments.check(
        after.tenantId().equals(change.tenantId())
            && after.recipientId().equals(change.recipientId()),
        "change.after",
        "must be the preferences of " + change.tenantId() + "/" + change.recipientId());
    if (before != null) {
      Arguments.check(
          before.tenantId().equals(change.tenantId())
              && before.recipientId().equals(change.recipientId()),
          "change.before",
          "must be the preferences of " + change.tenantId() + "/" + change.recipientId());
    }
    long expected = before == null ? 0 : before.version();
    Arguments.check(
        after.version() == expected + 1,
        "change.after.version",
        "must be " + (expected + 1) + ", was " + after.version());
    Preferences stored = current.get(key);
    long storedVersion = stored == null ? 0 : stored.version();
    if (storedVersion != expected || (before == null) != (stored == null)) {
      return false;
    }
    current.put(key, after);
    history.computeIfAbsent(key, k -> new ArrayDeque<>()).addFirst(change);
    return true;
  }

  @Override
  public synchronized List<PreferenceChange> history(
      String tenantId, String recipientId, int limit) {
    Key key = key(tenantId, recipientId);
    Arguments.positive("limit", limit);
    Deque<PreferenceChange> changes = history.get(key);
    if (changes == null) {
      return List.of();
    }
    List<PreferenceChange> page = new ArrayList<>(Math.min(limit, changes.size()));
    for (Iterator<PreferenceChange> it = changes.iterator();
        it.hasNext() && page.size() < limit; ) {
      page.add(it.next());
    }
    return page;
  }

  private static Key key(String tenantId, String recipientId) {
    return new Key(
        Arguments.notBlank("tenantId", tenantId), Arguments.notBlank("recipientId", recipientId));
  }
}
