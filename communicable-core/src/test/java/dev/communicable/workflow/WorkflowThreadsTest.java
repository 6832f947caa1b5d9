package dev.communicable.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.memory.InMemoryStores;
import dev.communicable.memory.RecordingChannelAdapter;
import dev.communicable.template.Template;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Workflow runs on the engine's own threads, without {@code dispatchDue()}. */
class WorkflowThreadsTest {
  private static final Recipient ADA =
      new Recipient(
          "ada",
          "acme",
          Map.of(ChannelType.EMAIL, "ada@example.com", ChannelType.SMS, "+15550001111"),
          Locale.ENGLISH,
          ZoneOffset.UTC);

  @Test
  void the_orchestrator_thread_runs_a_triggered_workflow_and_a_receipt_wakes_it() {
    RecordingChannelAdapter email = new RecordingChannelAdapter(ChannelType.EMAIL, "test");
    RecordingChannelAdapter sms = new RecordingChannelAdapter(ChannelType.SMS, "test");
    try (Communication comms =
        Communication.builder()
            .stores(InMemoryStores.create())
            .workers(1)
            .pollInterval(Duration.ofSeconds(30))
            .adapter(email)
            .adapter(sms)
            .build()) {
      comms
          .templates()
          .publish(
              "acme",
              "note",
              Map.of(Template.Variant.of(ChannelType.EMAIL), Content.text("Hello")),
              "tests");
      comms
          .workflows()
          .publish(
              "acme",
              Workflow.builder("hello")
                  .on("signed.up")
                  .send("email", "note", ChannelType.EMAIL)
                  .waitFor("read", "email", AwaitedReceipt.READ, Duration.ofDays(1), "done", null)
                  .send("sms", "note", ChannelType.SMS)
                  .exit("done")
                  .build(),
              "tests");

      UUID id = comms.trigger(Event.of("signed.up").to(ADA)).started().get(0);

      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> comms.workflows().run("acme", id).state() == RunState.WAITING);
      await().atMost(Duration.ofSeconds(20)).until(() -> email.sent().size() == 1);
      comms.track("acme", email.sent().get(0).deliveryId(), DeliveryEvent.READ);
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> comms.workflows().run("acme", id).state() == RunState.COMPLETED);
      assertThat(sms.sent()).isEmpty();
    }
  }
}
