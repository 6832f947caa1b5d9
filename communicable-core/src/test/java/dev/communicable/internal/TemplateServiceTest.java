package dev.communicable.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.NotFoundException;
import dev.communicable.channel.ChannelType;
import dev.communicable.spi.CommunicationEvent;
import dev.communicable.template.MustacheTemplateRenderer;
import dev.communicable.template.Template;
import dev.communicable.template.Template.Variant;
import dev.communicable.template.TemplateException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TemplateServiceTest {
  private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");
  private final TemplateTestDoubles.MapTemplateStore store =
      new TemplateTestDoubles.MapTemplateStore();
  private final TemplateTestDoubles.RecordingEventBus events =
      new TemplateTestDoubles.RecordingEventBus();
  private final TemplateService templates =
      new TemplateService(
          store, new MustacheTemplateRenderer(), events, Clock.fixed(NOW, ZoneOffset.UTC));

  private static Map<Variant, Content> greeting() {
    return Map.of(
        Variant.of(ChannelType.EMAIL),
        Content.builder().subject("Hello {{name}}").html("<p>Hello {{name}}</p>").build(),
        Variant.of(ChannelType.EMAIL, "fr"),
        Content.builder().subject("Bonjour {{name}}").text("Bonjour {{name}}").build(),
        Variant.of(ChannelType.SMS),
        Content.text("Hi {{name}}"));
  }

  @Test
  void publishing_stores_a_new_active_version_and_announces_it() {
    Template v1 = templates.publish("acme", "welcome", greeting(), "ann");
    Template v2 = templates.publish("acme", "welcome", greeting(), "bob");

    assertThat(v1.version()).isEqualTo(1);
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.publishedBy()).isEqualTo("bob");
    assertThat(v2.publishedAt()).isEqualTo(NOW);
    assertThat(templates.versions("acme", "welcome")).containsExactly(1, 2);
    assertThat(events.published)
        .extracting(CommunicationEvent::type, e -> e.attributes().get("version"))
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(CommunicationEvent.TEMPLATE_CHANGED, "1"),
            org.assertj.core.groups.Tuple.tuple(CommunicationEvent.TEMPLATE_CHANGED, "2"));
    assertThat(events.published.get(0).attributes()).containsEntry("templateId", "welcome");
    assertThat(events.published.get(0).tenantId()).isEqualTo("acme");
  }

  @Test
  void preview_falls_back_from_region_to_language_to_default() {
    templates.publish("acme", "welcome", greeting(), "ann");
    Map<String, Object> data = Map.of("name", "Zoé");

    assertThat(
            templates
                .preview("acme", "welcome", ChannelType.EMAIL, Locale.CANADA_FRENCH, data)
                .subject())
        .isEqualTo("Bonjour Zoé");
    assertThat(
            templates.preview("acme", "welcome", ChannelType.EMAIL, Locale.FRENCH, data).subject())
        .isEqualTo("Bonjour Zoé");
    assertThat(
            templates.preview("acme", "welcome", ChannelType.EMAIL, Locale.GERMANY, data).subject())
        .isEqualTo("Hello Zoé");
    assertThat(templates.render("acme", "welcome", ChannelType.SMS, null, data).text())
        .isEqualTo("Hi Zoé");
  }

  @Test
  void rollback_makes_an_earlier_version_active_and_announces_it() {
    templates.publish("acme", "welcome", greeting(), "ann");
    templates.publish(
        "acme", "welcome", Map.of(Variant.of(ChannelType.SMS), Content.text("v2 {{name}}")), "ann");

    Template active = templates.rollback("acme", "welcome", 1);

    assertThat(active.version()).isEqualTo(1);
    assertThat(
            templates
                .render("acme", "welcome", ChannelType.SMS, Locale.ENGLISH, Map.of("name", "A"))
                .text())
        .isEqualTo("Hi A");
    assertThat(events.published).hasSize(3);
    assertThat(events.published.get(2).attributes()).containsEntry("version", "1");
  }

  @Test
  void rollback_to_an_unknown_version_is_not_found() {
    templates.publish("acme", "welcome", greeting(), "ann");
    assertThatThrownBy(() -> templates.rollback("acme", "welcome", 7))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> templates.rollback("acme", "welcome", 0))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("version"));
  }

  @Test
  void preview_of_a_missing_template_or_channel_is_not_found() {
    assertThatThrownBy(
            () -> templates.preview("acme", "nope", ChannelType.EMAIL, Locale.ROOT, Map.of()))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.kind()).isEqualTo("template"));
    templates.publish("acme", "welcome", greeting(), "ann");
    assertThatThrownBy(
            () -> templates.preview("acme", "welcome", ChannelType.PUSH, Locale.ROOT, Map.of()))
        .isInstanceOfSatisfying(
            NotFoundException.class, e -> assertThat(e.kind()).isEqualTo("template variant"));
  }

  @Test
  void templates_are_tenant_scoped() {
    templates.publish("acme", "welcome", greeting(), "ann");
    assertThatThrownBy(
            () ->
                templates.render(
                    "globex", "welcome", ChannelType.SMS, Locale.ROOT, Map.of("name", "x")))
        .isInstanceOf(NotFoundException.class);
    assertThat(templates.hasVariant("globex", "welcome", ChannelType.SMS)).isFalse();
  }

  @Test
  void has_variant_looks_at_channels_of_the_active_version() {
    templates.publish("acme", "welcome", greeting(), "ann");
    assertThat(templates.hasVariant("acme", "welcome", ChannelType.EMAIL)).isTrue();
    assertThat(templates.hasVariant("acme", "welcome", ChannelType.PUSH)).isFalse();
    assertThat(templates.hasVariant("acme", "other", ChannelType.EMAIL)).isFalse();
  }

  @Test
  void rendering_with_missing_data_names_the_variable() {
    templates.publish("acme", "welcome", greeting(), "ann");
    assertThatThrownBy(
            () -> templates.render("acme", "welcome", ChannelType.SMS, Locale.ROOT, Map.of()))
        .isInstanceOfSatisfying(
            TemplateException.class,
            e -> {
              assertThat(e.variable()).isEqualTo("name");
              assertThat(e.templateId()).isEqualTo("welcome");
            });
  }

  @Test
  void publish_rejects_bad_ids_naming_the_field() {
    assertField(() -> templates.publish(" ", "welcome", greeting(), "ann"), "tenantId");
    assertField(() -> templates.publish("acme", "", greeting(), "ann"), "templateId");
    assertField(() -> templates.publish("acme", null, greeting(), "ann"), "templateId");
    assertField(() -> templates.publish("acme", "has space", greeting(), "ann"), "templateId");
    assertField(() -> templates.publish("acme", "welcome", greeting(), " "), "publishedBy");
  }

  @Test
  void publish_rejects_missing_or_empty_variants_naming_the_variant() {
    assertField(() -> templates.publish("acme", "welcome", Map.of(), "ann"), "variants");
    assertField(() -> templates.publish("acme", "welcome", null, "ann"), "variants");
    assertField(
        () ->
            templates.publish(
                "acme",
                "welcome",
                Map.of(Variant.of(ChannelType.EMAIL, "fr-CA"), Content.builder().build()),
                "ann"),
        "variants[email/fr-CA]");
    Map<Variant, Content> withNull = new HashMap<>();
    withNull.put(Variant.of(ChannelType.SMS), null);
    assertField(
        () -> templates.publish("acme", "welcome", withNull, "ann"), "variants[sms/default]");
  }

  @Test
  void publish_rejects_a_variant_without_a_part_its_channel_sends() {
    assertField(
        () ->
            templates.publish(
                "acme",
                "welcome",
                Map.of(Variant.of(ChannelType.SMS), Content.builder().html("<b>x</b>").build()),
                "ann"),
        "variants[sms/default]");
    assertField(
        () ->
            templates.publish(
                "acme",
                "welcome",
                Map.of(Variant.of(ChannelType.EMAIL), Content.builder().subject("s").build()),
                "ann"),
        "variants[email/default]");
    assertField(
        () ->
            templates.publish(
                "acme",
                "welcome",
                Map.of(Variant.of(ChannelType.WEBHOOK), Content.builder().title("t").build()),
                "ann"),
        "variants[webhook/default]");
    // a plugin's channel needs only some part
    assertThat(
            templates
                .publish(
                    "acme",
                    "welcome",
                    Map.of(Variant.of(ChannelType.of("fax")), Content.builder().title("t").build()),
                    "ann")
                .version())
        .isEqualTo(1);
  }

  @Test
  void publish_rejects_an_over_long_part() {
    String huge = "x".repeat(TemplateService.MAX_PART_LENGTH + 1);
    assertField(
        () ->
            templates.publish(
                "acme", "welcome", Map.of(Variant.of(ChannelType.SMS), Content.text(huge)), "ann"),
        "variants[sms/default].text");
  }

  @Test
  void publish_refuses_a_part_that_does_not_parse_and_stores_nothing() {
    Map<Variant, Content> broken =
        Map.of(
            Variant.of(ChannelType.EMAIL),
            Content.builder().subject("ok").html("{{#a}}open").build());
    assertThatThrownBy(() -> templates.publish("acme", "welcome", broken, "ann"))
        .isInstanceOf(TemplateException.class)
        .hasMessageContaining("html part does not parse");
    assertThat(templates.versions("acme", "welcome")).isEmpty();
    assertThat(events.published).isEmpty();
  }

  private static void assertField(Runnable call, String field) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
