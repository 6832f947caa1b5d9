package dev.communicable.spi;

import dev.communicable.preference.PreferenceChange;
import dev.communicable.preference.Preferences;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Each recipient's preferences and their audit trail. Passes {@code PreferenceStoreContract} in
 * communicable-testkit.
 */
public interface PreferenceStore {

  /** The recipient's preferences, if they ever set any. */
  Optional<Preferences> find(String tenantId, String recipientId);

  /** The most recipients one {@link #findAll} call may name. */
  int MAX_FIND_ALL = 10_000;

  /**
   * The preferences of each of the recipients that ever set any, by recipient id; those who never
   * did are left out. The engine asks this once per notification with many recipients (a campaign
   * page), so a database store should answer it in a few queries rather than one per recipient; the
   * default asks {@link #find} for each.
   *
   * @param recipientIds at most {@link #MAX_FIND_ALL}
   */
  default Map<String, Preferences> findAll(String tenantId, Collection<String> recipientIds) {
    Map<String, Preferences> found = new HashMap<>();
    for (String id : recipientIds) {
      find(tenantId, id).ifPresent(p -> found.put(id, p));
    }
    return found;
  }

  /**
   * Stores {@code change.after()} and appends {@code change} to the audit trail, together, if the
   * stored preferences are still {@code change.before()} (compared by version; null before means
   * none stored yet).
   *
   * @return false, writing nothing, when someone else changed them first
   */
  boolean save(PreferenceChange change);

  /** The recipient's changes, newest first, at most {@code limit}. */
  List<PreferenceChange> history(String tenantId, String recipientId, int limit);
}
