package dev.communicable.memory;

import dev.communicable.Arguments;
import dev.communicable.Content;
import dev.communicable.NotFoundException;
import dev.communicable.spi.TemplateStore;
import dev.communicable.template.Template;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;

/** Versioned templates in memory; every version is kept, as in the database. */
final class InMemoryTemplateStore implements TemplateStore {

  private record Key(String tenantId, String templateId) {}

  private static final class Versions {
    final List<Template> all = new ArrayList<>();
    int active;
  }

  private final Map<Key, Versions> templates = new HashMap<>();

  @Override
  public synchronized Template publish(
      String tenantId,
      String templateId,
      Map<Template.Variant, Content> variants,
      String publishedBy,
      Instant at) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("templateId", templateId);
    Arguments.notNull("variants", variants);
    Arguments.check(!variants.isEmpty(), "variants", "must name at least one channel variant");
    variants.forEach(
        (variant, content) -> {
          Arguments.notNull("variants.key", variant);
          Arguments.notNull(
              "variants[" + variant.channel() + "," + variant.locale() + "]", content);
        });
    Arguments.notBlank("publishedBy", publishedBy);
    Arguments.notNull("at", at);
    Versions versions =
        templates.computeIfAbsent(new Key(tenantId, templateId), k -> new Versions());
    Template template =
        new Template(tenantId, templateId, versions.all.size() + 1, variants, publishedBy, at);
    versions.all.add(template);
    versions.active = template.version();
    return template;
  }

  @Override
  public synchronized Optional<Template> active(String tenantId, String templateId) {
    Versions versions = lookup(tenantId, templateId);
    return versions == null ? Optional.empty() : Optional.of(versions.all.get(versions.active - 1));
  }

  @Override
  public synchronized Optional<Template> version(String tenantId, String templateId, int version) {
    Versions versions = lookup(tenantId, templateId);
    Arguments.positive("version", version);
    if (versions == null || version > versions.all.size()) {
      return Optional.empty();
    }
    return Optional.of(versions.all.get(version - 1));
  }

  @Override
  public synchronized List<Integer> versions(String tenantId, String templateId) {
    Versions versions = lookup(tenantId, templateId);
    return versions == null
        ? List.of()
        : IntStream.rangeClosed(1, versions.all.size()).boxed().toList();
  }

  @Override
  public synchronized Template activate(String tenantId, String templateId, int version) {
    Versions versions = lookup(tenantId, templateId);
    Arguments.positive("version", version);
    if (versions == null) {
      throw new NotFoundException(tenantId, "template", templateId);
    }
    if (version > versions.all.size()) {
      throw new NotFoundException(tenantId, "template version", templateId + "@" + version);
    }
    versions.active = version;
    return versions.all.get(version - 1);
  }

  private @Nullable Versions lookup(String tenantId, String templateId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("templateId", templateId);
    return templates.get(new Key(tenantId, templateId));
  }
}
