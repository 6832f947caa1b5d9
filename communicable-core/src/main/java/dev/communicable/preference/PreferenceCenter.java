package dev.communicable.preference;

import java.util.List;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Reading and changing recipients' preferences, audited; reached by {@code
 * communication.preferences()}.
 */
public interface PreferenceCenter {

  /** The recipient's preferences, or the defaults when they never set any. */
  Preferences get(String tenantId, String recipientId);

  /**
   * Applies {@code change} to the current preferences and stores the result with an audit entry
   * (who, when, before, after). Retries on a concurrent change.
   *
   * @param actor who is making the change
   * @param reason why, or null
   * @return the stored preferences
   */
  Preferences update(
      String tenantId,
      String recipientId,
      String actor,
      @Nullable String reason,
      UnaryOperator<PreferenceEditor> change);

  /** The recipient's audit trail, newest first, at most {@code limit}. */
  List<PreferenceChange> history(String tenantId, String recipientId, int limit);
}
