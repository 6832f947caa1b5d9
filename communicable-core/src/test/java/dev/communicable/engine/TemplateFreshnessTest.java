package dev.communicable.engine;

import static dev.communicable.engine.EngineFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.Notification;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.memory.InMemoryEventBus;
import dev.communicable.template.Template;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Cached templates stay fresh")
class TemplateFreshnessTest {

  private static Map<Template.Variant, Content> email(String text) {
    return Map.of(Template.Variant.of(ChannelType.EMAIL), Content.text(text));
  }

  private static String sendAndRender(EngineFixture f) {
    f.comms.send(Notification.event("otp").to(EngineFixture.alice()).template("otp"));
    f.comms.dispatchDue();
    return f.email.sent().get(f.email.sent().size() - 1).content().text();
  }

  @Test
  void deliveries_use_each_version_as_soon_as_it_is_published_or_rolled_back() {
    try (EngineFixture f = new EngineFixture()) {
      f.comms.templates().publish(TENANT, "otp", email("one"), "ann");
      assertThat(sendAndRender(f)).isEqualTo("one");
      f.comms.templates().publish(TENANT, "otp", email("two"), "ann");
      assertThat(sendAndRender(f)).isEqualTo("two");
      f.comms.templates().rollback(TENANT, "otp", 1);
      assertThat(sendAndRender(f)).isEqualTo("one");
      assertThat(f.email.sent()).extracting(OutboundMessage::attempt).containsOnly(1);
    }
  }

  @Test
  void a_publish_on_another_node_reaches_this_one_through_the_event_bus() {
    try (InMemoryEventBus bus = new InMemoryEventBus();
        EngineFixture f = new EngineFixture(b -> b.eventBus(bus));
        Communication other =
            Communication.builder()
                .stores(f.stores)
                .eventBus(bus)
                .clock(f.clock)
                .workers(0)
                .build()) {
      f.comms.templates().publish(TENANT, "otp", email("one"), "ann");
      assertThat(sendAndRender(f)).isEqualTo("one");

      other.templates().publish(TENANT, "otp", email("two"), "bob");

      // the clock stands still: only the template.changed event can refresh the cache
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(
                          f.comms
                              .templates()
                              .preview(TENANT, "otp", ChannelType.EMAIL, Locale.ROOT, Map.of())
                              .text())
                      .isEqualTo("two"));
      assertThat(sendAndRender(f)).isEqualTo("two");
    }
  }
}
