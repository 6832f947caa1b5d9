package dev.communicable.redis.internal;

import dev.communicable.preference.PreferenceChange;
import dev.communicable.preference.Preferences;
import dev.communicable.spi.PreferenceStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Caches a {@link PreferenceStore}'s current preferences per recipient, invalidated on every node
 * when a change is saved. The audit trail is read through.
 */
public final class CachingPreferenceStore implements PreferenceStore {
  private final PreferenceStore delegate;
  private final CacheChannel channel;
  private final LocalCache<Id, Optional<Preferences>> current;

  public CachingPreferenceStore(
      PreferenceStore delegate, CacheChannel channel, int maxEntries, Duration ttl, Clock clock) {
    this.delegate = delegate;
    this.channel = channel;
    this.current = new LocalCache<>(maxEntries, ttl, clock);
  }

  @Override
  public Optional<Preferences> find(String tenantId, String recipientId) {
    if (!channel.live()) {
      return delegate.find(tenantId, recipientId);
    }
    return current.get(new Id(tenantId, recipientId), k -> delegate.find(tenantId, recipientId));
  }

  @Override
  public boolean save(PreferenceChange change) {
    boolean saved = false;
    try {
      saved = delegate.save(change);
      return saved;
    } finally {
      // Refused means someone else changed them: what this node holds may be old either way.
      invalidate(change.tenantId(), change.recipientId());
      if (saved) {
        channel.invalidateEverywhere(
            Invalidation.PREFERENCES, change.tenantId(), change.recipientId());
      }
    }
  }

  @Override
  public List<PreferenceChange> history(String tenantId, String recipientId, int limit) {
    return delegate.history(tenantId, recipientId, limit);
  }

  /** Drops the recipient's preferences here (the other nodes are told by the channel). */
  public void invalidate(String tenantId, String recipientId) {
    current.invalidate(new Id(tenantId, recipientId)::equals);
  }

  /** Drops everything. */
  public void clear() {
    current.clear();
  }

  private record Id(String tenantId, String recipientId) {}
}
