package dev.communicable.internal;

import dev.communicable.spi.CommunicationEvent;
import dev.communicable.spi.TemplateStore;
import dev.communicable.template.Template;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The active version of each template, read from the {@link TemplateStore} at most once per {@link
 * #FRESH_FOR} instead of once per delivery.
 *
 * <p>Two bounded least-recently-used maps: versions by (tenant, template, version), which never go
 * stale since a published version never changes, and which version is active per (tenant,
 * template), which can. The second is kept fresh three ways: a publish or rollback through this
 * engine updates it at once; a {@code template.changed} event (from another node, through the event
 * bus) drops the entry; and an entry is trusted only {@link #FRESH_FOR} after it was read, which
 * bounds the staleness when an event is lost (the bus is at most once) or a store is changed behind
 * the engine's back.
 */
final class TemplateCache {
  /** The most templates, and the most template versions, kept. */
  static final int CAPACITY = 1024;

  /** How long an active-version lookup is trusted without a change event. */
  static final Duration FRESH_FOR = Duration.ofSeconds(5);

  private record Name(String tenantId, String templateId) {}

  private record Version(String tenantId, String templateId, int version) {}

  private record Active(int version, Instant readAt) {}

  private final TemplateStore store;
  private final Clock clock;
  private final LruCache<Version, Template> versions = new LruCache<>(CAPACITY);
  private final LruCache<Name, Active> active = new LruCache<>(CAPACITY);

  /** Bumped by every invalidation, so a read that raced with one is not cached. */
  private final AtomicLong changes = new AtomicLong();

  TemplateCache(TemplateStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** The active version of the template, if it exists. */
  Optional<Template> active(String tenantId, String templateId) {
    Name name = new Name(tenantId, templateId);
    Instant now = clock.instant();
    Active pointer = active.get(name);
    if (pointer != null && now.isBefore(pointer.readAt().plus(FRESH_FOR))) {
      Template cached = versions.get(new Version(tenantId, templateId, pointer.version()));
      if (cached != null) {
        return Optional.of(cached);
      }
    }
    long seen = changes.get();
    Optional<Template> loaded = store.active(tenantId, templateId);
    if (loaded.isPresent() && changes.get() == seen) {
      remember(loaded.get(), now);
    } else if (loaded.isEmpty()) {
      active.remove(name);
    }
    return loaded;
  }

  /**
   * A given version of the template, if it exists. Versions never change once published, so a
   * cached one is always current.
   */
  Optional<Template> version(String tenantId, String templateId, int version) {
    Version key = new Version(tenantId, templateId, version);
    Template cached = versions.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Template> loaded = store.version(tenantId, templateId, version);
    loaded.ifPresent(t -> versions.put(key, t));
    return loaded;
  }

  /** Records {@code template} as its template's active version (after a publish or rollback). */
  void activated(Template template) {
    forget(template.tenantId(), template.id());
    remember(template, clock.instant());
  }

  /** Drops what is known of the template's active version; the next lookup reads the store. */
  void forget(String tenantId, String templateId) {
    changes.incrementAndGet();
    active.remove(new Name(tenantId, templateId));
  }

  /** Drops the active version of a template another node changed. */
  void onEvent(CommunicationEvent event) {
    if (CommunicationEvent.TEMPLATE_CHANGED.equals(event.type())) {
      String templateId = event.attributes().get("templateId");
      if (templateId != null) {
        forget(event.tenantId(), templateId);
      }
    }
  }

  /** How many templates' active versions are known; for tests of the bound. */
  int size() {
    return active.size();
  }

  private void remember(Template template, Instant readAt) {
    versions.put(new Version(template.tenantId(), template.id(), template.version()), template);
    active.put(
        new Name(template.tenantId(), template.id()), new Active(template.version(), readAt));
  }
}
