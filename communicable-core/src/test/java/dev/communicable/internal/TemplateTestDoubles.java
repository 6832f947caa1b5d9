package dev.communicable.internal;

import dev.communicable.Content;
import dev.communicable.NotFoundException;
import dev.communicable.spi.CommunicationEvent;
import dev.communicable.spi.EventBus;
import dev.communicable.spi.TemplateStore;
import dev.communicable.template.Template;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Small test doubles for the template and preference service tests. */
final class TemplateTestDoubles {
  private TemplateTestDoubles() {}

  /** Keeps every version in a map; not thread-safe, tests call it from one thread. */
  static class MapTemplateStore implements TemplateStore {
    private final Map<String, List<Template>> versions = new HashMap<>();
    private final Map<String, Integer> active = new HashMap<>();

    @Override
    public Template publish(
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
    public Optional<Template> active(String tenantId, String templateId) {
      Integer v = active.get(tenantId + "/" + templateId);
      return v == null ? Optional.empty() : version(tenantId, templateId, v);
    }

    @Override
    public Optional<Template> version(String tenantId, String templateId, int version) {
      List<Template> list = versions.getOrDefault(tenantId + "/" + templateId, List.of());
      return version < 1 || version > list.size()
          ? Optional.empty()
          : Optional.of(list.get(version - 1));
    }

    @Override
    public List<Integer> versions(String tenantId, String templateId) {
      return versions.getOrDefault(tenantId + "/" + templateId, List.of()).stream()
          .map(Template::version)
          .toList();
    }

    @Override
    public Template activate(String tenantId, String templateId, int version) {
      Template t =
          version(tenantId, templateId, version)
              .orElseThrow(
                  () ->
                      new NotFoundException(
                          tenantId, "template version", templateId + "@" + version));
      active.put(tenantId + "/" + templateId, version);
      return t;
    }
  }

  /** Records what is published. */
  static final class RecordingEventBus implements EventBus {
    final List<CommunicationEvent> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(CommunicationEvent event) {
      published.add(event);
    }

    @Override
    public AutoCloseable subscribe(Consumer<CommunicationEvent> listener) {
      return () -> {};
    }
  }
}
