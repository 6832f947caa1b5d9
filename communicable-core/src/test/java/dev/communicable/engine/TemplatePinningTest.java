package dev.communicable.engine;

import static dev.communicable.engine.EngineFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Content;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.template.Template;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A message renders the template version it was accepted with")
class TemplatePinningTest {

  private static Map<Template.Variant, Content> email(String text) {
    return Map.of(Template.Variant.of(ChannelType.EMAIL), Content.text(text));
  }

  private static Receipt send(EngineFixture f, Recipient to) {
    return f.comms.send(
        Notification.event("welcome").to(to).template("welcome").data("name", "Ann"));
  }

  @Test
  void a_version_published_after_acceptance_does_not_change_a_queued_message() {
    try (EngineFixture f = new EngineFixture()) {
      f.comms.templates().publish(TENANT, "welcome", email("Hello {{name}}"), "ann");
      Receipt queued = send(f, EngineFixture.alice());

      // v2 needs a variable the queued message never had
      f.comms.templates().publish(TENANT, "welcome", email("Hi {{name}}, code {{code}}"), "bob");
      f.comms.dispatchDue();

      assertThat(f.email.sent()).extracting(m -> m.content().text()).containsExactly("Hello Ann");
      assertThat(f.only(queued, ChannelType.EMAIL).state()).isEqualTo(DeliveryState.SENT);
    }
  }

  @Test
  void a_rollback_after_acceptance_does_not_change_a_queued_message() {
    try (EngineFixture f = new EngineFixture()) {
      f.comms.templates().publish(TENANT, "welcome", email("one {{name}}"), "ann");
      f.comms.templates().publish(TENANT, "welcome", email("two {{name}}"), "ann");
      send(f, EngineFixture.alice());

      f.comms.templates().rollback(TENANT, "welcome", 1);
      f.comms.dispatchDue();
      send(f, EngineFixture.alice());
      f.comms.dispatchDue();

      assertThat(f.email.sent())
          .extracting(OutboundMessage::content)
          .extracting(Content::text)
          .containsExactly("two Ann", "one Ann");
    }
  }

  @Test
  void every_locale_variant_of_the_accepted_version_is_kept() {
    try (EngineFixture f = new EngineFixture()) {
      f.comms
          .templates()
          .publish(
              TENANT,
              "welcome",
              Map.of(
                  Template.Variant.of(ChannelType.EMAIL), Content.text("Hello {{name}}"),
                  Template.Variant.of(ChannelType.EMAIL, "fr"), Content.text("Bonjour {{name}}")),
              "ann");
      Recipient french =
          new Recipient(
              "marie",
              TENANT,
              Map.of(ChannelType.EMAIL, "marie@example.com"),
              Locale.CANADA_FRENCH,
              ZoneOffset.UTC);
      send(f, french);

      // v2 drops the French variant: the queued message still has v1's
      f.comms.templates().publish(TENANT, "welcome", email("Hey {{name}}"), "bob");
      f.comms.dispatchDue();

      assertThat(f.email.sent()).extracting(m -> m.content().text()).containsExactly("Bonjour Ann");
    }
  }
}
