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
import dev.communicable.workflow.Event;
import dev.communicable.workflow.RunState;
import dev.communicable.workflow.Triggered;
import dev.communicable.workflow.Workflow;
import java.time.Duration;
import java.util.UUID;
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

  @Test
  void finished_workflow_runs_are_purged_after_the_retention_and_active_ones_are_kept() {
    try (EngineFixture f = new EngineFixture(b -> b.retention(Duration.ofDays(2)))) {
      f.comms
          .workflows()
          .publish(TENANT, Workflow.builder("quick").on("pong").exit("done").build(), "ops");
      f.comms
          .workflows()
          .publish(
              TENANT,
              Workflow.builder("slow")
                  .on("ping")
                  .delay("wait", Duration.ofDays(3))
                  .exit("done")
                  .build(),
              "ops");
      Event pong = Event.of("pong").id("evt-1").to(alice()).build();
      UUID quick = f.comms.trigger(pong).started().get(0);
      UUID slow = f.comms.trigger(Event.of("ping").to(alice())).started().get(0);
      f.comms.dispatchDue();
      assertThat(f.comms.workflows().run(TENANT, quick).state()).isEqualTo(RunState.COMPLETED);

      f.clock.advance(Duration.ofHours(12));
      f.comms.dispatchDue();
      assertThat(f.comms.trigger(pong).duplicate()).as("the key is kept for 24 hours").isTrue();

      f.clock.advance(Duration.ofDays(1).plusHours(13));
      f.comms.dispatchDue();
      assertThatThrownBy(() -> f.comms.workflows().run(TENANT, quick))
          .isInstanceOf(NotFoundException.class);
      assertThat(f.comms.workflows().run(TENANT, slow).state())
          .as("an active run is kept, however long it waits")
          .isEqualTo(RunState.WAITING);
      Triggered again = f.comms.trigger(pong);
      assertThat(again.duplicate()).isFalse();
      assertThat(again.started()).hasSize(1).doesNotContain(quick);

      f.clock.advance(Duration.ofDays(1));
      f.comms.dispatchDue();
      assertThat(f.comms.workflows().run(TENANT, slow).state()).isEqualTo(RunState.COMPLETED);
      f.clock.advance(Duration.ofDays(2).plusHours(1));
      f.comms.dispatchDue();
      assertThatThrownBy(() -> f.comms.workflows().run(TENANT, slow))
          .isInstanceOf(NotFoundException.class);
    }
  }
}
