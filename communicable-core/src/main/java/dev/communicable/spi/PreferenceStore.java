package dev.communicable.spi;

import dev.communicable.preference.PreferenceChange;
import dev.communicable.preference.Preferences;
import java.util.List;
import java.util.Optional;

/**
 * Each recipient's preferences and their audit trail. Passes {@code PreferenceStoreContract} in
 * communicable-testkit.
 */
public interface PreferenceStore {

  /** The recipient's preferences, if they ever set any. */
  Optional<Preferences> find(String tenantId, String recipientId);

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
