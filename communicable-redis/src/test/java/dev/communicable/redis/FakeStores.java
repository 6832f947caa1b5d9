package dev.communicable.redis;

import dev.communicable.Content;
import dev.communicable.NotFoundException;
import dev.communicable.preference.PreferenceChange;
import dev.communicable.preference.Preferences;
import dev.communicable.spi.PreferenceStore;
import dev.communicable.spi.TemplateStore;
import dev.communicable.template.Template;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Plain map-backed stores standing in for a database shared by the nodes, counting reads. */
final class FakeStores {
  private FakeStores() {}

  static final class Templates implements TemplateStore {
    final AtomicInteger reads = new AtomicInteger();
    private final Map<String, List<Template>> versions = new ConcurrentHashMap<>();
    private final Map<String, Integer> active = new ConcurrentHashMap<>();

    @Override
    public synchronized Template publish(
        String tenantId,
        String templateId,
        Map<Template.Variant, Content> variants,
        String publishedBy,
        Instant at) {
      List<Template> list =
          versions.computeIfAbsent(tenantId + "/" + templateId, k -> new ArrayList<>());
      Template t = new Template(tenantId, templateId, list.size() + 1, variants, publishedBy, at);
      list.add(t);
      active.put(tenantId + "/" + templateId, t.version());
      return t;
    }

    @Override
    public synchronized Optional<Template> active(String tenantId, String templateId) {
      reads.incrementAndGet();
      Integer v = active.get(tenantId + "/" + templateId);
      return v == null ? Optional.empty() : find(tenantId, templateId, v);
    }

    @Override
    public synchronized Optional<Template> version(
        String tenantId, String templateId, int version) {
      reads.incrementAndGet();
      return find(tenantId, templateId, version);
    }

    @Override
    public synchronized List<Integer> versions(String tenantId, String templateId) {
      return versions.getOrDefault(tenantId + "/" + templateId, List.of()).stream()
          .map(Template::version)
          .toList();
    }

    @Override
    public synchronized Template activate(String tenantId, String templateId, int version) {
      Template t =
          find(tenantId, templateId, version)
              .orElseThrow(
                  () -> new NotFoundException(tenantId, "template", templateId + "@" + version));
      active.put(tenantId + "/" + templateId, version);
      return t;
    }

    private Optional<Template> find(String tenantId, String templateId, int version) {
      List<Template> list = versions.getOrDefault(tenantId + "/" + templateId, List.of());
      return version >= 1 && version <= list.size()
          ? Optional.of(list.get(version - 1))
          : Optional.empty();
    }
  }

  static final class PreferencesStore implements PreferenceStore {
    final AtomicInteger reads = new AtomicInteger();
    private final Map<String, Preferences> current = new ConcurrentHashMap<>();
    private final List<PreferenceChange> changes = new ArrayList<>();

    @Override
    public Optional<Preferences> find(String tenantId, String recipientId) {
      reads.incrementAndGet();
      return Optional.ofNullable(current.get(tenantId + "/" + recipientId));
    }

    @Override
    public synchronized boolean save(PreferenceChange change) {
      String key = change.tenantId() + "/" + change.recipientId();
      Preferences stored = current.get(key);
      long storedVersion = stored == null ? -1 : stored.version();
      long expected = change.before() == null ? -1 : change.before().version();
      if (storedVersion != expected || !Objects.equals(stored == null, change.before() == null)) {
        return false;
      }
      current.put(key, change.after());
      changes.add(0, change);
      return true;
    }

    @Override
    public synchronized List<PreferenceChange> history(
        String tenantId, String recipientId, int limit) {
      return changes.stream()
          .filter(c -> c.tenantId().equals(tenantId) && c.recipientId().equals(recipientId))
          .limit(limit)
          .toList();
    }
  }
}
