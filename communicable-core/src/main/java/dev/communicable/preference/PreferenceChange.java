package dev.communicable.preference;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One audited change of a recipient's preferences.
 *
 * @param tenantId the tenant
 * @param recipientId whose preferences
 * @param actor who made the change (the recipient, an admin, an unsubscribe link)
 * @param at when
 * @param before the preferences before, or null when none were stored
 * @param after the preferences after; its version is one more than before's (1 when new)
 * @param reason why, in words; may be null
 */
public record PreferenceChange(
    String tenantId,
    String recipientId,
    String actor,
    Instant at,
    @Nullable Preferences before,
    Preferences after,
    @Nullable String reason) {

  public PreferenceChange {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(recipientId, "recipientId");
    Objects.requireNonNull(actor, "actor");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(after, "after");
  }
}
