package dev.communicable.jdbc.internal;

import static dev.communicable.jdbc.internal.schema.Tables.PREFERENCES;
import static dev.communicable.jdbc.internal.schema.Tables.PREFERENCE_AUDIT;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.jdbc.internal.schema.tables.records.PreferenceAuditRecord;
import dev.communicable.jdbc.internal.schema.tables.records.PreferencesRecord;
import dev.communicable.policy.QuietHours;
import dev.communicable.preference.PreferenceChange;
import dev.communicable.preference.Preferences;
import dev.communicable.spi.PreferenceStore;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Preferences (one row per recipient, guarded by version) and their append-only audit trail. */
public final class JdbcPreferenceStore implements PreferenceStore {
  private static final int IDS_PER_QUERY = 1_000;

  private final Database db;

  public JdbcPreferenceStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public Optional<Preferences> find(String tenantId, String recipientId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("recipientId", recipientId);
    return db.read(
        "reading the preferences of '" + recipientId + "'",
        ctx ->
            ctx.selectFrom(PREFERENCES)
                .where(PREFERENCES.TENANT_ID.eq(tenantId))
                .and(PREFERENCES.RECIPIENT_ID.eq(recipientId))
                .fetchOptional()
                .map(JdbcPreferenceStore::preferences));
  }

  /** One query per {@value #IDS_PER_QUERY} recipients. */
  @Override
  public Map<String, Preferences> findAll(String tenantId, Collection<String> recipientIds) {
    Arguments.notBlank("tenantId", tenantId);
    List<String> ids = Arguments.noNulls("recipientIds", recipientIds, MAX_FIND_ALL);
    Map<String, Preferences> found = new HashMap<>();
    for (int from = 0; from < ids.size(); from += IDS_PER_QUERY) {
      List<String> chunk = ids.subList(from, Math.min(ids.size(), from + IDS_PER_QUERY));
      db.read(
              "reading the preferences of " + chunk.size() + " recipients",
              ctx ->
                  ctx.selectFrom(PREFERENCES)
                      .where(PREFERENCES.TENANT_ID.eq(tenantId))
                      .and(PREFERENCES.RECIPIENT_ID.in(chunk))
                      .fetch(JdbcPreferenceStore::preferences))
          .forEach(p -> found.put(p.recipientId(), p));
    }
    return found;
  }

  @Override
  public boolean save(PreferenceChange change) {
    Arguments.notNull("change", change);
    Preferences after = change.after();
    Preferences before = change.before();
    if (!after.tenantId().equals(change.tenantId())
        || !after.recipientId().equals(change.recipientId())) {
      throw new InvalidRequestException(
          "change.after",
          "is for tenant '"
              + after.tenantId()
              + "' recipient '"
              + after.recipientId()
              + "' but the change is for tenant '"
              + change.tenantId()
              + "' recipient '"
              + change.recipientId()
              + "'");
    }
    if (before != null
        && (!before.tenantId().equals(change.tenantId())
            || !before.recipientId().equals(change.recipientId()))) {
      throw new InvalidRequestException(
          "change.before", "is for another tenant or recipient than the change");
    }
    long expected = before == null ? 1 : before.version() + 1;
    if (after.version() != expected) {
      throw new InvalidRequestException(
          "change.after.version", "must be " + expected + ", was " + after.version());
    }
    return db.transaction(
        "saving the preferences of '" + change.recipientId() + "'",
        tx -> {
          int written;
          if (before == null) {
            written =
                tx.insertInto(PREFERENCES).set(row(after, change)).onConflictDoNothing().execute();
          } else {
            written =
                tx.update(PREFERENCES)
                    .set(row(after, change))
                    .where(PREFERENCES.TENANT_ID.eq(change.tenantId()))
                    .and(PREFERENCES.RECIPIENT_ID.eq(change.recipientId()))
                    .and(PREFERENCES.VERSION.eq(before.version()))
                    .execute();
          }
          if (written != 1) {
            return false;
          }
          tx.insertInto(PREFERENCE_AUDIT)
              .set(PREFERENCE_AUDIT.TENANT_ID, change.tenantId())
              .set(PREFERENCE_AUDIT.RECIPIENT_ID, change.recipientId())
              .set(PREFERENCE_AUDIT.ACTOR, change.actor())
              .set(PREFERENCE_AUDIT.AT, change.at())
              .set(PREFERENCE_AUDIT.BEFORE_VALUE, Json.preferences(before))
              .set(PREFERENCE_AUDIT.AFTER_VALUE, Json.preferences(after))
              .set(PREFERENCE_AUDIT.REASON, change.reason())
              .execute();
          return true;
        });
  }

  @Override
  public List<PreferenceChange> history(String tenantId, String recipientId, int limit) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("recipientId", recipientId);
    Arguments.between("limit", limit, 1, Database.MAX_LIMIT);
    return db.read(
        "reading the preference history of '" + recipientId + "'",
        ctx ->
            ctx.selectFrom(PREFERENCE_AUDIT)
                .where(PREFERENCE_AUDIT.TENANT_ID.eq(tenantId))
                .and(PREFERENCE_AUDIT.RECIPIENT_ID.eq(recipientId))
                .orderBy(PREFERENCE_AUDIT.SEQ.desc())
                .limit(limit)
                .fetch(JdbcPreferenceStore::change));
  }

  private static PreferencesRecord row(Preferences p, PreferenceChange change) {
    PreferencesRecord r = new PreferencesRecord();
    r.setTenantId(p.tenantId());
    r.setRecipientId(p.recipientId());
    r.setChannels(Json.channelChoices(p.channels()));
    r.setTopics(Json.topicChoices(p.topics()));
    r.setMuted(p.muted());
    r.setQuietStart(p.quietHours() == null ? null : p.quietHours().start());
    r.setQuietEnd(p.quietHours() == null ? null : p.quietHours().end());
    r.setCriticalOverride(p.criticalOverride());
    r.setVersion(p.version());
    r.setUpdatedAt(change.at());
    return r;
  }

  private static Preferences preferences(PreferencesRecord r) {
    return new Preferences(
        r.getTenantId(),
        r.getRecipientId(),
        Json.readChannelChoices(r.getChannels()),
        Json.readTopicChoices(r.getTopics()),
        r.getMuted(),
        r.getQuietStart() == null ? null : new QuietHours(r.getQuietStart(), r.getQuietEnd()),
        r.getCriticalOverride(),
        r.getVersion());
  }

  private static PreferenceChange change(PreferenceAuditRecord r) {
    return new PreferenceChange(
        r.getTenantId(),
        r.getRecipientId(),
        r.getActor(),
        r.getAt(),
        Json.readPreferences(r.getBeforeValue()),
        Json.readPreferences(r.getAfterValue()),
        r.getReason());
  }
}
