package dev.communicable.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Content;
import dev.communicable.channel.ChannelType;
import dev.communicable.memory.SettableClock;
import dev.communicable.spi.CommunicationEvent;
import dev.communicable.template.MustacheTemplateRenderer;
import dev.communicable.template.Template;
import dev.communicable.template.Template.Variant;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The template cache")
class TemplateCacheTest {
  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");
  private final SettableClock clock = SettableClock.of(NOW);
  private final AtomicInteger activeReads = new AtomicInteger();
  private final TemplateTestDoubles.MapTemplateStore store =
      new TemplateTestDoubles.MapTemplateStore() {
        @Override
        public Optional<Template> active(String tenantId, String templateId) {
          activeReads.incrementAndGet();
          return super.active(tenantId, templateId);
        }
      };
  private final TemplateService templates =
      new TemplateService(
          store,
          new MustacheTemplateRenderer(),
          new TemplateTestDoubles.RecordingEventBus(),
          clock);
  private final TemplateCache cache = templates.cache();

  private static Map<Variant, Content> text(String text) {
    return Map.of(Variant.of(ChannelType.SMS), Content.text(text));
  }

  private String rendered() {
    return templates.render("acme", "otp", ChannelType.SMS, null, Map.of()).text();
  }

  @Test
  void reads_the_store_once_per_freshness_period_not_once_per_render() {
    store.publish("acme", "otp", text("v1"), "ann", NOW); // behind the service's back
    for (int i = 0; i < 100; i++) {
      assertThat(rendered()).isEqualTo("v1");
    }
    assertThat(activeReads).hasValue(1);

    clock.advance(TemplateCache.FRESH_FOR);
    assertThat(rendered()).isEqualTo("v1");
    assertThat(activeReads).as("read again once the entry is no longer fresh").hasValue(2);
  }

  @Test
  void a_publish_or_rollback_through_the_service_shows_at_once() {
    templates.publish("acme", "otp", text("v1"), "ann");
    assertThat(rendered()).isEqualTo("v1");
    templates.publish("acme", "otp", text("v2"), "ann");
    assertThat(rendered()).isEqualTo("v2");
    templates.rollback("acme", "otp", 1);
    assertThat(rendered()).isEqualTo("v1");
    assertThat(activeReads).as("the service knew each new active version").hasValue(0);
  }

  @Test
  void a_change_made_elsewhere_shows_on_its_event_or_after_the_freshness_period() {
    templates.publish("acme", "otp", text("v1"), "ann");
    assertThat(rendered()).isEqualTo("v1");

    store.publish("acme", "otp", text("v2"), "other-node", NOW);
    assertThat(rendered()).as("stale until told or until the entry ages").isEqualTo("v1");
    cache.onEvent(
        new CommunicationEvent(
            CommunicationEvent.TEMPLATE_CHANGED,
            "acme",
            Map.of("templateId", "otp", "version", "2"),
            NOW));
    assertThat(rendered()).isEqualTo("v2");

    store.publish("acme", "otp", text("v3"), "other-node", NOW); // its event was lost
    clock.advance(TemplateCache.FRESH_FOR.minus(Duration.ofMillis(1)));
    assertThat(rendered()).isEqualTo("v2");
    clock.advance(Duration.ofMillis(1));
    assertThat(rendered()).isEqualTo("v3");
  }

  @Test
  void events_of_other_tenants_templates_or_kinds_leave_the_entry() {
    templates.publish("acme", "otp", text("v1"), "ann");
    rendered();
    cache.onEvent(
        new CommunicationEvent(
            CommunicationEvent.TEMPLATE_CHANGED, "globex", Map.of("templateId", "otp"), NOW));
    cache.onEvent(
        new CommunicationEvent(
            CommunicationEvent.PREFERENCES_CHANGED, "acme", Map.of("recipientId", "otp"), NOW));
    rendered();
    assertThat(activeReads).hasValue(0);
  }

  @Test
  void keeps_at_most_its_capacity() {
    for (int i = 0; i <= TemplateCache.CAPACITY; i++) {
      templates.publish("acme", "t" + i, text("x"), "ann");
    }
    assertThat(cache.size()).isEqualTo(TemplateCache.CAPACITY);
  }
}
