package dev.communicable.redis.internal;

import dev.communicable.Content;
import dev.communicable.spi.TemplateStore;
import dev.communicable.template.Template;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Caches a {@link TemplateStore}'s active versions (which change on publish and activate, and are
 * invalidated on every node then) and its published versions (which never change, so only found
 * ones are kept). The list of versions is read through.
 */
public final class CachingTemplateStore implements TemplateStore {
  private final TemplateStore delegate;
  private final CacheChannel channel;
  private final LocalCache<Id, Optional<Template>> active;
  private final LocalCache<Version, Optional<Template>> versions;

  public CachingTemplateStore(
      TemplateStore delegate, CacheChannel channel, int maxEntries, Duration ttl, Clock clock) {
    this.delegate = delegate;
    this.channel = channel;
    this.active = new LocalCache<>(maxEntries, ttl, clock);
    this.versions = new LocalCache<>(maxEntries, ttl, clock);
  }

  @Override
  public Template publish(
      String tenantId,
      String templateId,
      Map<Template.Variant, Content> variants,
      String publishedBy,
      Instant at) {
    try {
      return delegate.publish(tenantId, templateId, variants, publishedBy, at);
    } finally {
      changed(tenantId, templateId);
    }
  }

  @Override
  public Template activate(String tenantId, String templateId, int version) {
    try {
      return delegate.activate(tenantId, templateId, version);
    } finally {
      changed(tenantId, templateId);
    }
  }

  @Override
  public Optional<Template> active(String tenantId, String templateId) {
    if (!channel.live()) {
      return delegate.active(tenantId, templateId);
    }
    return active.get(new Id(tenantId, templateId), k -> delegate.active(tenantId, templateId));
  }

  @Override
  public Optional<Template> version(String tenantId, String templateId, int version) {
    if (!channel.live()) {
      return delegate.version(tenantId, templateId, version);
    }
    // A version not published yet may be soon, so only found ones are kept.
    return versions.get(
        new Version(tenantId, templateId, version),
        k -> delegate.version(tenantId, templateId, version),
        Optional::isPresent);
  }

  @Override
  public List<Integer> versions(String tenantId, String templateId) {
    return delegate.versions(tenantId, templateId);
  }

  /** Drops the template's active version here (the other nodes are told by the channel). */
  public void invalidate(String tenantId, String templateId) {
    active.invalidate(new Id(tenantId, templateId)::equals);
  }

  /** Drops everything. */
  public void clear() {
    active.clear();
    versions.clear();
  }

  private void changed(String tenantId, String templateId) {
    invalidate(tenantId, templateId);
    channel.invalidateEverywhere(Invalidation.TEMPLATE, tenantId, templateId);
  }

  private record Id(String tenantId, String templateId) {}

  private record Version(String tenantId, String templateId, int version) {}
}
