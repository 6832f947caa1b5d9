package dev.communicable.template;

import dev.communicable.Content;
import dev.communicable.channel.ChannelType;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One published version of a template: a Mustache {@link Content} per channel and locale. Versions
 * are immutable; publishing makes a new one, and any version can be made active again (rollback).
 *
 * @param tenantId the tenant
 * @param id the template's name, such as {@code "invoice-paid"}
 * @param version 1, 2, 3... in publishing order
 * @param variants the sources per channel and locale; {@link Locale#ROOT} is the default locale
 * @param publishedBy who published it
 * @param publishedAt when
 */
public record Template(
    String tenantId,
    String id,
    int version,
    Map<Variant, Content> variants,
    String publishedBy,
    Instant publishedAt) {

  public Template {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(id, "id");
    variants = Map.copyOf(Objects.requireNonNull(variants, "variants"));
    Objects.requireNonNull(publishedBy, "publishedBy");
    Objects.requireNonNull(publishedAt, "publishedAt");
  }

  /**
   * The variant for {@code channel} in {@code locale}, falling back from the full locale ({@code
   * fr-CA}) to its language ({@code fr}) to the default ({@link Locale#ROOT}).
   */
  public Optional<Content> variant(ChannelType channel, Locale locale) {
    Content exact = variants.get(new Variant(channel, locale));
    if (exact != null) {
      return Optional.of(exact);
    }
    Content language =
        variants.get(new Variant(channel, Locale.forLanguageTag(locale.getLanguage())));
    if (language != null) {
      return Optional.of(language);
    }
    return Optional.ofNullable(variants.get(new Variant(channel, Locale.ROOT)));
  }

  /** Which channel and locale a variant is for. */
  public record Variant(ChannelType channel, Locale locale) {
    public Variant {
      Objects.requireNonNull(channel, "channel");
      Objects.requireNonNull(locale, "locale");
    }

    /** The default-locale variant for {@code channel}. */
    public static Variant of(ChannelType channel) {
      return new Variant(channel, Locale.ROOT);
    }

    /** The variant for {@code channel} in the locale named by {@code languageTag}. */
    public static Variant of(ChannelType channel, String languageTag) {
      return new Variant(channel, Locale.forLanguageTag(languageTag));
    }
  }
}
