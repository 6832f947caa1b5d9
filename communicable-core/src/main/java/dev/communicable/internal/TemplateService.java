package dev.communicable.internal;

import dev.communicable.Arguments;
import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.Limits;
import dev.communicable.NotFoundException;
import dev.communicable.channel.ChannelType;
import dev.communicable.spi.CommunicationEvent;
import dev.communicable.spi.EventBus;
import dev.communicable.spi.TemplateStore;
import dev.communicable.template.Template;
import dev.communicable.template.TemplateException;
import dev.communicable.template.TemplateRenderer;
import dev.communicable.template.Templates;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * {@link Templates} over a {@link TemplateStore}: checks what is published (ids, variants, that
 * every part parses, that each variant has a part its channel can send), announces changes on the
 * {@link EventBus}, and renders templates for previews (the active version) and deliveries (the
 * version their message was accepted with), read through a {@link TemplateCache}.
 */
public final class TemplateService implements Templates {
  /** The most variants (channel x locale) one template version may hold. */
  public static final int MAX_VARIANTS = 256;

  /** The longest source of one part, in characters. */
  public static final int MAX_PART_LENGTH = Limits.MAX_CONTENT_PART_LENGTH;

  /** Same rule as a notification's template name, so that every published template is usable. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

  private final TemplateStore store;
  private final TemplateRenderer renderer;
  private final EventBus events;
  private final Clock clock;
  private final TemplateCache cache;

  public TemplateService(
      TemplateStore store, TemplateRenderer renderer, EventBus events, Clock clock) {
    this.store = Objects.requireNonNull(store, "store");
    this.renderer = Objects.requireNonNull(renderer, "renderer");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.cache = new TemplateCache(store, clock);
  }

  /**
   * The cache of active template versions this service reads and keeps up to date; feed it the
   * event bus's {@code template.changed} events so that changes made on other nodes show at once.
   */
  TemplateCache cache() {
    return cache;
  }

  @Override
  public Template publish(
      String tenantId,
      String templateId,
      Map<Template.Variant, Content> variants,
      String publishedBy) {
    requireTenant(tenantId);
    requireTemplateId(templateId);
    Checks.id("publishedBy", publishedBy);
    if (variants == null || variants.isEmpty()) {
      throw new InvalidRequestException("variants", "must hold at least one channel variant");
    }
    if (variants.size() > MAX_VARIANTS) {
      throw new InvalidRequestException(
          "variants", "at most " + MAX_VARIANTS + " per template, was " + variants.size());
    }
    for (Map.Entry<Template.Variant, Content> e : variants.entrySet()) {
      if (e.getKey() == null) {
        throw new InvalidRequestException("variants", "must not hold a null variant key");
      }
      Arguments.id(
          "variants.locale", e.getKey().locale().toLanguageTag(), Limits.MAX_LANGUAGE_TAG_LENGTH);
      checkVariant(templateId, e.getKey(), e.getValue());
    }
    Template published =
        store.publish(tenantId, templateId, Map.copyOf(variants), publishedBy, clock.instant());
    cache.activated(published);
    announce(published);
    return published;
  }

  @Override
  public Template rollback(String tenantId, String templateId, int version) {
    requireTenant(tenantId);
    requireTemplateId(templateId);
    Arguments.positive("version", version);
    Template active = store.activate(tenantId, templateId, version);
    cache.activated(active);
    announce(active);
    return active;
  }

  @Override
  public List<Integer> versions(String tenantId, String templateId) {
    requireTenant(tenantId);
    requireTemplateId(templateId);
    return store.versions(tenantId, templateId);
  }

  @Override
  public Content preview(
      String tenantId,
      String templateId,
      ChannelType channel,
      @Nullable Locale locale,
      @Nullable Map<String, Object> sampleData) {
    return render(tenantId, templateId, channel, locale, sampleData);
  }

  /**
   * Renders the active version of the template for {@code channel} in {@code locale}, falling back
   * from {@code fr-CA} to {@code fr} to the default locale. This is what a preview shows.
   *
   * @param locale the recipient's locale; null means the default locale
   * @param data the template variables; null means none
   * @throws NotFoundException when the template, or a variant for the channel, does not exist
   * @throws TemplateException when the data lacks a variable or a part cannot be rendered
   */
  public Content render(
      String tenantId,
      String templateId,
      ChannelType channel,
      @Nullable Locale locale,
      @Nullable Map<String, Object> data) {
    return render(tenantId, templateId, null, channel, locale, data);
  }

  /**
   * Renders {@code version} of the template (the active one when null) for {@code channel} in
   * {@code locale}, falling back from {@code fr-CA} to {@code fr} to the default locale. A delivery
   * renders the version its message was accepted with.
   *
   * @param version the version to render; null means the active one
   * @param locale the recipient's locale; null means the default locale
   * @param data the template variables; null means none
   * @throws NotFoundException when the template, the version, or a variant for the channel does not
   *     exist
   * @throws TemplateException when the data lacks a variable or a part cannot be rendered
   */
  public Content render(
      String tenantId,
      String templateId,
      @Nullable Integer version,
      ChannelType channel,
      @Nullable Locale locale,
      @Nullable Map<String, Object> data) {
    requireTenant(tenantId);
    requireTemplateId(templateId);
    Arguments.notNull("channel", channel);
    Template template =
        (version == null
                ? cache.active(tenantId, templateId)
                : cache.version(tenantId, templateId, version))
            .orElseThrow(
                () ->
                    new NotFoundException(
                        tenantId,
                        "template",
                        version == null ? templateId : templateId + " version " + version));
    Locale wanted = locale == null ? Locale.ROOT : locale;
    Content source =
        template
            .variant(channel, wanted)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        tenantId,
                        "template variant",
                        templateId
                            + " for channel "
                            + channel
                            + " (version "
                            + template.version()
                            + ")"));
    return renderer.render(templateId, source, data == null ? Map.of() : data);
  }

  /**
   * True when the active version of the template has a variant (in any locale) for {@code channel};
   * false when it has none or the template does not exist.
   */
  public boolean hasVariant(String tenantId, String templateId, ChannelType channel) {
    requireTenant(tenantId);
    requireTemplateId(templateId);
    Arguments.notNull("channel", channel);
    return cache
        .active(tenantId, templateId)
        .map(t -> t.variants().keySet().stream().anyMatch(v -> v.channel().equals(channel)))
        .orElse(false);
  }

  private void checkVariant(String templateId, Template.Variant variant, Content content) {
    String field = "variants[" + describe(variant) + "]";
    if (content == null || content.isEmpty()) {
      throw new InvalidRequestException(field, "has no part set");
    }
    for (Content.Part part : Content.Part.values()) {
      String source = content.get(part);
      if (source != null) {
        Arguments.text(field + "." + part.name().toLowerCase(Locale.ROOT), source, MAX_PART_LENGTH);
      }
    }
    String missing = missingBody(variant.channel(), content);
    if (missing != null) {
      throw new InvalidRequestException(
          field, "a " + variant.channel() + " variant needs " + missing);
    }
    renderer.check(templateId, content);
  }

  /** What a built-in channel cannot send without, or null; other channels need any part. */
  private static @Nullable String missingBody(ChannelType channel, Content c) {
    if (channel.equals(ChannelType.EMAIL) && c.text() == null && c.html() == null) {
      return "a text or html part";
    }
    if (channel.equals(ChannelType.SMS) && c.text() == null) {
      return "a text part";
    }
    if ((channel.equals(ChannelType.PUSH) || channel.equals(ChannelType.IN_APP))
        && c.text() == null
        && c.title() == null) {
      return "a title or text part";
    }
    if ((channel.equals(ChannelType.WEBHOOK) || channel.equals(ChannelType.CHAT))
        && c.json() == null
        && c.text() == null) {
      return "a json or text part";
    }
    return null;
  }

  private static String describe(Template.Variant variant) {
    String locale =
        variant.locale().equals(Locale.ROOT) ? "default" : variant.locale().toLanguageTag();
    return variant.channel() + "/" + locale;
  }

  private void announce(Template template) {
    events.publish(
        new CommunicationEvent(
            CommunicationEvent.TEMPLATE_CHANGED,
            template.tenantId(),
            Map.of("templateId", template.id(), "version", String.valueOf(template.version())),
            clock.instant()));
  }

  private static void requireTenant(String tenantId) {
    Checks.id("tenantId", tenantId);
  }

  private static void requireTemplateId(String templateId) {
    Arguments.notBlank("templateId", templateId);
    if (!NAME.matcher(templateId).matches()) {
      throw new InvalidRequestException(
          "templateId",
          "must be 1-128 letters, digits or . _ : / - starting with a letter or digit, was "
              + Arguments.echo(templateId));
    }
  }
}
