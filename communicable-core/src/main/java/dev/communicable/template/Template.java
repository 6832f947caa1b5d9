package dev.communicable.template;

import dev.communicable.Content;
import dev.communicable.channel.ChannelType;
import java.time.Instant;
import java.util.IllformedLocaleException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

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
   * fr-CA}) to its language ({@code fr}) to the default ({@link Locale#ROOT}). Between those, a
   * locale with extensions, a variant or a script also tries itself without them: {@code
   * zh-Hant-TW} tries {@code zh-Hant-TW}, {@code zh-TW}, {@code zh-Hant}, then {@code zh}.
   */
  public Optional<Content> variant(ChannelType channel, @Nullable Locale locale) {
    Objects.requireNonNull(channel, "channel");
    for (Locale candidate : fallbackChain(locale == null ? Locale.ROOT : locale)) {
      Content found = variants.get(new Variant(channel, candidate));
      if (found != null) {
        return Optional.of(found);
      }
    }
    return Optional.empty();
  }

  /** The locales tried for {@code locale}, most specific first, ending with {@link Locale#ROOT}. */
  static List<Locale> fallbackChain(Locale locale) {
    Set<Locale> chain = new LinkedHashSet<>();
    chain.add(locale);
    Locale plain = locale.stripExtensions();
    chain.add(plain);
    String language = plain.getLanguage();
    if (!language.isEmpty()) {
      String script = plain.getScript();
      String region = plain.getCountry();
      addIfWellFormed(chain, language, script, region);
      addIfWellFormed(chain, language, "", region);
      addIfWellFormed(chain, language, script, "");
      chain.add(Locale.forLanguageTag(language));
    }
    chain.add(Locale.ROOT);
    return List.copyOf(chain);
  }

  private static void addIfWellFormed(
      Set<Locale> chain, String language, String script, String region) {
    try {
      chain.add(
          new Locale.Builder().setLanguage(language).setScript(script).setRegion(region).build());
    } catch (IllformedLocaleException e) {
      // a legacy locale that has no well-formed form: the other candidates still apply
    }
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
