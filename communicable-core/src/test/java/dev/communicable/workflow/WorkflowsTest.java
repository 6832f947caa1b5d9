package dev.communicable.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import dev.communicable.Communication;
import dev.communicable.InvalidRequestException;
import dev.communicable.NotFoundException;
import dev.communicable.channel.ChannelType;
import dev.communicable.memory.InMemoryStores;
import dev.communicable.memory.SettableClock;
import dev.communicable.spi.CommunicationEvent;
import dev.communicable.spi.EventBus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkflowsTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String TENANT = "acme";

  private final SettableClock clock = SettableClock.of(T0);
  private final RecordingEventBus events = new RecordingEventBus();
  private final InMemoryStores stores = InMemoryStores.create();
  private final Communication comms =
      Communication.builder().stores(stores).clock(clock).eventBus(events).workers(0).build();
  private final Workflows workflows = comms.workflows();

  @AfterEach
  void close() {
    comms.close();
  }

  private static final String SMS_IF_UNOPENED =
      """
      {
        "id": "invoice-overdue",
        "trigger": "invoice.overdue",
        "correlationKey": "invoiceId",
        "cancelOn": ["invoice.paid"],
        "steps": [
          {"id": "email", "type": "send", "template": "invoice-overdue", "channels": ["email"]},
          {"id": "opened", "type": "waitFor", "step": "email", "receipt": "read",
           "within": "PT2H", "onReceipt": "done"},
          {"id": "sms", "type": "send", "template": "invoice-overdue", "channels": ["sms"]},
          {"id": "done", "type": "exit"}
        ]
      }
      """;

  private static Workflow overdue(String template) {
    return Workflow.builder("invoice-overdue")
        .on("invoice.overdue")
        .send("email", template, ChannelType.EMAIL)
        .build();
  }

  @Test
  void publishing_json_stores_a_new_active_version_stamped_by_the_clock_and_announces_it() {
    WorkflowVersion v1 = workflows.publishJson(TENANT, SMS_IF_UNOPENED, "ann");
    clock.advance(Duration.ofMinutes(5));
    WorkflowVersion v2 = workflows.publish(TENANT, overdue("reminder"), "bob");

    assertThat(v1.version()).isEqualTo(1);
    assertThat(v1.publishedAt()).isEqualTo(T0);
    assertThat(v1.workflow()).isEqualTo(WorkflowJson.fromJson(SMS_IF_UNOPENED));
    assertThat(v2.version()).isEqualTo(2);
    assertThat(v2.publishedBy()).isEqualTo("bob");
    assertThat(v2.publishedAt()).isEqualTo(T0.plus(Duration.ofMinutes(5)));
    assertThat(workflows.active(TENANT, "invoice-overdue")).contains(v2);
    assertThat(workflows.version(TENANT, "invoice-overdue", 1)).contains(v1);
    assertThat(workflows.versions(TENANT, "invoice-overdue")).containsExactly(v2, v1);
    assertThat(stores.workflowDefinitions().activeFor(TENANT, "invoice.overdue", 10))
        .containsExactly(v2);
    assertThat(events.published)
        .extracting(
            CommunicationEvent::type,
            CommunicationEvent::tenantId,
            e -> e.attributes().get("workflowId"),
            e -> e.attributes().get("version"))
        .containsExactly(
            tuple(CommunicationEvent.WORKFLOW_CHANGED, TENANT, "invoice-overdue", "1"),
            tuple(CommunicationEvent.WORKFLOW_CHANGED, TENANT, "invoice-overdue", "2"));
  }

  @Test
  void rollback_makes_an_earlier_version_active_and_announces_it() {
    WorkflowVersion v1 = workflows.publish(TENANT, overdue("good"), "ann");
    workflows.publish(TENANT, overdue("broken"), "ann");

    assertThat(workflows.rollback(TENANT, "invoice-overdue", 1)).isEqualTo(v1);
    assertThat(workflows.active(TENANT, "invoice-overdue")).contains(v1);
    assertThat(events.published).hasSize(3);
    assertThat(events.published.get(2).attributes()).containsEntry("version", "1");
  }

  @Test
  void rolling_back_to_what_does_not_exist_is_not_found_and_announces_nothing() {
    workflows.publish(TENANT, overdue("good"), "ann");

    assertThatThrownBy(() -> workflows.rollback(TENANT, "invoice-overdue", 2))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> workflows.rollback(TENANT, "missing", 1))
        .isInstanceOf(NotFoundException.class);
    assertThat(events.published).hasSize(1);
  }

  @Test
  void invalid_json_is_refused_naming_its_path_and_nothing_is_stored() {
    String bad = SMS_IF_UNOPENED.replace("\"onReceipt\": \"done\"", "\"onReceipt\": \"email\"");

    assertThatThrownBy(() -> workflows.publishJson(TENANT, bad, "ann"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("steps[1].onReceipt: must name a later step");
    assertThat(workflows.versions(TENANT, "invoice-overdue")).isEmpty();
    assertThat(events.published).isEmpty();
  }

  @Test
  void bad_ids_are_refused_naming_the_field() {
    assertThatThrownBy(() -> workflows.publish(" ", overdue("t"), "ann"))
        .hasMessageStartingWith("tenantId:");
    assertThatThrownBy(() -> workflows.publish(TENANT, null, "ann"))
        .hasMessage("workflow: must not be null");
    assertThatThrownBy(() -> workflows.publishJson(TENANT, SMS_IF_UNOPENED, "\u0000"))
        .hasMessageStartingWith("publishedBy:");
    assertThatThrownBy(() -> workflows.rollback(TENANT, "invoice-overdue", 0))
        .hasMessage("version: must be at least 1, was 0");
    assertThatThrownBy(() -> workflows.active(TENANT, "")).hasMessageStartingWith("workflowId:");
    assertThat(events.published).isEmpty();
  }

  @Test
  void versions_lists_at_most_the_newest_hundred() {
    for (int i = 0; i < Workflows.MAX_VERSIONS_LISTED + 5; i++) {
      workflows.publish(TENANT, overdue("t" + i), "ann");
    }

    List<WorkflowVersion> listed = workflows.versions(TENANT, "invoice-overdue");
    assertThat(listed).hasSize(100);
    assertThat(listed.get(0).version()).isEqualTo(105);
    assertThat(listed.get(99).version()).isEqualTo(6);
  }

  /** Keeps every event published, synchronously. */
  private static final class RecordingEventBus implements EventBus {
    final List<CommunicationEvent> published = new CopyOnWriteArrayList<>();

    @Override
    public void publish(CommunicationEvent event) {
      if (event.type().equals(CommunicationEvent.WORKFLOW_CHANGED)) {
        published.add(event);
      }
    }

    @Override
    public AutoCloseable subscribe(Consumer<CommunicationEvent> listener) {
      return () -> {};
    }

    @Override
    public void close() {}
  }
}
