package dev.communicable.engine;

import static dev.communicable.engine.EngineFixture.TENANT;
import static dev.communicable.engine.EngineFixture.alice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.Communicable;
import dev.communicable.Content;
import dev.communicable.MessageId;
import dev.communicable.NotFoundException;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.campaign.AudiencePage;
import dev.communicable.campaign.Campaign;
import dev.communicable.campaign.CampaignProgress;
import dev.communicable.campaign.CampaignState;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.workflow.Event;
import dev.communicable.workflow.RunState;
import dev.communicable.workflow.Triggered;
import dev.communicable.workflow.Workflow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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

  @Test
  void a_finished_campaigns_progress_outlives_its_purged_deliveries_and_its_pages_go() {
    try (EngineFixture f = new EngineFixture(b -> b.retention(Duration.ofDays(2)))) {
      f.comms
          .campaigns()
          .register(
              "everyone",
              (tenantId, audience, cursor, limit) -> {
                int from = cursor == null ? 0 : Integer.parseInt(cursor);
                List<Communicable> page = new ArrayList<>();
                for (int i = from; i < Math.min(50, from + limit); i++) {
                  page.add(EngineFixture.user("user-" + i, "user-" + i + "@example.com", null));
                }
                int next = from + page.size();
                return next >= 50 ? AudiencePage.last(page) : AudiencePage.of(page, "" + next);
              });
      f.comms
          .campaigns()
          .create(
              Campaign.builder("spring")
                  .tenant(TENANT)
                  .name("Spring sale")
                  .event("marketing.spring")
                  .content(Content.builder().subject("Sale").text("20% off").build())
                  .channels(ChannelType.EMAIL)
                  .audience("everyone")
                  .pageSize(20)
                  .build());
      f.comms.campaigns().start(TENANT, "spring");
      f.comms.dispatchDue();
      CampaignProgress done = f.comms.campaigns().get(TENANT, "spring");
      assertThat(done.state()).isEqualTo(CampaignState.COMPLETED);
      assertThat(done.sent()).isEqualTo(50);
      MessageId first =
          f.memory.campaigns().pages(TENANT, "spring", 0, 1).get(0).messageIds().get(0);

      f.clock.advance(Duration.ofDays(2).plusHours(1));
      f.comms.dispatchDue();

      assertThatThrownBy(() -> f.comms.deliveries(TENANT, first))
          .as("the deliveries are purged")
          .isInstanceOf(NotFoundException.class);
      assertThat(f.memory.campaigns().pages(TENANT, "spring", 0, 10))
          .as("the page records are gone")
          .isEmpty();
      CampaignProgress later = f.comms.campaigns().get(TENANT, "spring");
      assertThat(later.state()).isEqualTo(CampaignState.COMPLETED);
      assertThat(later.sent()).isEqualTo(50);
      assertThat(later.queued()).isZero();
      assertThat(later.recipients()).isEqualTo(50);
      assertThat(later.pages()).isEqualTo(3);
      assertThat(f.comms.campaigns().list(TENANT, null, 10)).hasSize(1);
    }
  }
}
