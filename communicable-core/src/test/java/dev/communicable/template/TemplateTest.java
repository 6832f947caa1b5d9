package dev.communicable.template;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Content;
import dev.communicable.channel.ChannelType;
import dev.communicable.template.Template.Variant;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateTest {
  private static Template with(Map<Variant, Content> variants) {
    return new Template("acme", "t", 1, variants, "ann", Instant.EPOCH);
  }

  @Test
  void prefers_the_exact_locale_then_the_language_then_the_default() {
    Template t =
        with(
            Map.of(
                Variant.of(ChannelType.SMS), Content.text("default"),
                Variant.of(ChannelType.SMS, "fr"), Content.text("fr"),
                Variant.of(ChannelType.SMS, "fr-CA"), Content.text("fr-CA")));
    assertThat(t.variant(ChannelType.SMS, Locale.CANADA_FRENCH)).contains(Content.text("fr-CA"));
    assertThat(t.variant(ChannelType.SMS, Locale.FRANCE)).contains(Content.text("fr"));
    assertThat(t.variant(ChannelType.SMS, Locale.GERMAN)).contains(Content.text("default"));
    assertThat(t.variant(ChannelType.SMS, Locale.ROOT)).contains(Content.text("default"));
    assertThat(t.variant(ChannelType.SMS, null)).contains(Content.text("default"));
  }

  @Test
  void is_empty_when_no_variant_exists_for_the_channel() {
    Template t = with(Map.of(Variant.of(ChannelType.SMS, "fr"), Content.text("fr")));
    assertThat(t.variant(ChannelType.EMAIL, Locale.FRENCH)).isEmpty();
    assertThat(t.variant(ChannelType.SMS, Locale.ENGLISH)).isEmpty();
  }

  @Test
  void ignores_extensions_and_tries_script_and_region_on_their_own() {
    Template t =
        with(
            Map.of(
                Variant.of(ChannelType.SMS, "en-US"), Content.text("en-US"),
                Variant.of(ChannelType.SMS, "zh-Hant"), Content.text("zh-Hant")));
    assertThat(t.variant(ChannelType.SMS, Locale.forLanguageTag("en-US-u-ca-gregory")))
        .contains(Content.text("en-US"));
    assertThat(t.variant(ChannelType.SMS, Locale.forLanguageTag("zh-Hant-TW")))
        .contains(Content.text("zh-Hant"));
  }

  @Test
  void the_fallback_chain_runs_from_most_to_least_specific() {
    assertThat(Template.fallbackChain(Locale.forLanguageTag("zh-Hant-TW")))
        .containsExactly(
            Locale.forLanguageTag("zh-Hant-TW"),
            Locale.forLanguageTag("zh-TW"),
            Locale.forLanguageTag("zh-Hant"),
            Locale.forLanguageTag("zh"),
            Locale.ROOT);
    assertThat(Template.fallbackChain(Locale.ROOT)).containsExactly(Locale.ROOT);
  }

  @Test
  void variants_are_copied() {
    java.util.Map<Variant, Content> source = new java.util.HashMap<>();
    source.put(Variant.of(ChannelType.SMS), Content.text("a"));
    Template t = with(source);
    source.put(Variant.of(ChannelType.SMS), Content.text("b"));
    assertThat(t.variant(ChannelType.SMS, Locale.ROOT)).contains(Content.text("a"));
  }
}
