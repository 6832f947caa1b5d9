package dev.communicable.engine;

import static dev.communicable.engine.EngineFixture.TENANT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Content;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.template.Template;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Preferences read at dispatch stay fresh")
class PreferenceFreshnessTest {

  @Test
  void
      a_delivery_planned_before_an_opt_out_is_suppressed_at_dispatch_even_with_the_recipient_cached() {
    try (EngineFixture f = new EngineFixture()) {
      f.comms
          .templates()
          .publish(
              TENANT,
              "otp",
              Map.of(Template.Variant.of(ChannelType.EMAIL), Content.text("code")),
              "ann");
      Receipt first =
          f.comms.send(Notification.event("otp").to(EngineFixture.alice()).template("otp"));
      f.comms.dispatchDue(); // reads, and caches, alice's preferences
      assertThat(f.only(first, ChannelType.EMAIL).state()).isEqualTo(DeliveryState.SENT);

      Receipt second =
          f.comms.send(Notification.event("otp").to(EngineFixture.alice()).template("otp"));
      f.comms.preferences().update(TENANT, "alice", "alice", "opted out", e -> e.muted(true));
      // the clock stands still: only the update itself can have refreshed the cache
      f.comms.dispatchDue();

      assertThat(f.only(second, ChannelType.EMAIL).state()).isEqualTo(DeliveryState.SUPPRESSED);
      assertThat(f.email.sent()).hasSize(1);
    }
  }
}
