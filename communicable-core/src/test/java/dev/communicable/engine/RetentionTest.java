package dev.communicable.engine;

import static dev.communicable.engine.EngineFixture.TENANT;
import static dev.communicable.engine.EngineFixture.alice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.Content;
import dev.communicable.NotFoundException;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.DeliveryState;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Retention")
class RetentionTest {

  @Test
  void finished_deliveries_are_purged_after_the_retention_and_pending_ones_are_kept() {
    try (EngineFixture f = new EngineFixture(b -> b.retention(Duration.ofDays(2)))) {
      Receipt done =
          f.comms.send(Notification.event("hello").to(alice()).content(Content.text("Hi")));
      Receipt later =
          f.comms.send(
              Notification.event("hello")
                  .to(alice())
                  .content(Content.text("Later"))
                  .sendAt(EngineFixture.T0.plus(Duration.ofDays(30))));
      f.comms.dispatchDue();
      assertThat(f.only(done, ChannelType.EMAIL).state()).isEqualTo(DeliveryState.SENT);

      f.clock.advance(Duration.ofDays(1));
      f.comms.dispatchDue();
      assertThat(f.deliveries(done)).as("still within the retention").hasSize(1);

      f.clock.advance(Duration.ofDays(1).plusHours(1));
      f.comms.dispatchDue();
      assertThatThrownBy(() -> f.comms.deliveries(TENANT, done.messageId()))
          .isInstanceOf(NotFoundException.class);
      assertThat(f.only(later, ChannelType.EMAIL).state()).isEqualTo(DeliveryState.QUEUED);
    }
  }
}
