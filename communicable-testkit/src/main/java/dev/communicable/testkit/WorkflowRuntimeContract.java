package dev.communicable.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.NotFoundException;
import dev.communicable.Priority;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.memory.RecordingChannelAdapter;
import dev.communicable.memory.SettableClock;
import dev.communicable.spi.StoredRun;
import dev.communicable.spi.Stores;
import dev.communicable.template.Template;
import dev.communicable.workflow.DigestSpec;
import dev.communicable.workflow.Event;
import dev.communicable.workflow.IllegalRunTransitionException;
import dev.communicable.workflow.RunState;
import dev.communicable.workflow.RunStep;
import dev.communicable.workflow.Triggered;
import dev.communicable.workflow.Workflow;
import dev.communicable.workflow.WorkflowRun;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Workflows end to end on a {@code Communication} built on the stores under test: runs triggered by
 * events, driven by a settable clock and {@code dispatchDue()} with no worker threads. Extend it
 * and implement {@link #createStores()}; each test needs stores with no due workflow runs or
 * deliveries of other tests.
 */
public abstract class WorkflowRuntimeContract {
  /** A Monday, 10:00 in the test recipient's zone (America/Montreal). */
  protected static final Instant T0 = Instant.parse("2026-03-02T15:00:00Z");

  /** The JSON of the seeds' rule: resend by SMS if the email is unopened within 2 hours. */
  protected static final String SMS_IF_UNOPENED =
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

  protected final SettableClock clock = SettableClock.of(T0);
  protected final RecordingChannelAdapter email =
      new RecordingChannelAdapter(ChannelType.EMAIL, "test-email");
  protected final RecordingChannelAdapter sms =
      new RecordingChannelAdapter(ChannelType.SMS, "test-sms");
  protected Communication comms;
  protected String tenant;
  protected Recipient customer;
  private final List<Communication> opened = new ArrayList<>();
  private Stores stores;

  /** Stores with no due work of other tests. Called once before each test. */
  protected abstract Stores createStores();

  /**
   * Stores on the same data as {@code stores}, as another node would have them. The default is
   * {@code stores} itself.
   */
  protected Stores anotherNode(Stores stores) {
    return stores;
  }

  @BeforeEach
  final void startCommunication() {
    stores = createStores();
    tenant = TestData.tenant();
    customer = TestData.recipient(tenant, "customer-1");
    comms = node("node-a", stores, Duration.ofMinutes(5));
    for (String template : List.of("invoice-overdue", "digest", "note")) {
      comms
          .templates()
          .publish(
              tenant,
              template,
              Map.of(
                  Template.Variant.of(ChannelType.EMAIL),
                  content(template),
                  Template.Variant.of(ChannelType.SMS),
                  content(template)),
              "tests");
    }
  }

  private static Content content(String template) {
    return switch (template) {
      case "digest" ->
          Content.builder()
              .subject("{{digest.count}} updates")
              .text("{{#digest.items}}[{{invoiceId}}]{{/digest.items}} +{{digest.omitted}}")
              .build();
      case "invoice-overdue" ->
          Content.builder().subject("Invoice {{invoiceId}}").text("Invoice {{invoiceId}}").build();
      default -> Content.builder().subject("Note").text("Note").build();
    };
  }

  protected Communication node(String workerId, Stores on, Duration lease) {
    Communication node =
        Communication.builder()
            .stores(on)
            .clock(clock)
            .workers(0)
            .workerId(workerId)
            .lease(lease)
            .adapter(email)
            .adapter(sms)
            .build();
    opened.add(node);
    return node;
  }

  @AfterEach
  final void closeCommunication() {
    opened.forEach(Communication::close);
  }

  private Triggered overdue(String invoiceId) {
    return comms.trigger(Event.of("invoice.overdue").to(customer).data("invoiceId", invoiceId));
  }

  private void readEveryEmail() {
    for (OutboundMessage m : email.sent()) {
      comms.track(tenant, m.deliveryId(), DeliveryEvent.READ);
    }
  }

  private WorkflowRun run(UUID id) {
    return comms.workflows().run(tenant, id);
  }

  @Test
  void a_read_receipt_before_the_deadline_takes_the_read_branch_and_sends_no_sms() {
    comms.workflows().publishJson(tenant, SMS_IF_UNOPENED, "admin");
    UUID id = overdue("F-17").started().get(0);

    comms.dispatchDue();
    assertThat(email.sent()).hasSize(1);
    assertThat(run(id).state()).isEqualTo(RunState.WAITING);
    clock.advance(Duration.ofMinutes(30));
    readEveryEmail();
    comms.dispatchDue();

    WorkflowRun run = run(id);
    assertThat(run.state()).isEqualTo(RunState.COMPLETED);
    assertThat(sms.sent()).isEmpty();
    assertThat(run.steps())
        .extracting(RunStep::stepId, RunStep::outcome)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("start", "started"),
            org.assertj.core.groups.Tuple.tuple("email", "sent"),
            org.assertj.core.groups.Tuple.tuple("opened", "waiting"),
            org.assertj.core.groups.Tuple.tuple("opened", "receipt"),
            org.assertj.core.groups.Tuple.tuple("done", "exit"));
    assertThat(run.lastOf("opened").orElseThrow().at()).isEqualTo(T0.plus(Duration.ofMinutes(30)));
  }

  @Test
  void a_read_receipt_after_the_deadline_comes_too_late_and_the_sms_is_sent() {
    comms.workflows().publishJson(tenant, SMS_IF_UNOPENED, "admin");
    UUID id = overdue("F-17").started().get(0);
    comms.dispatchDue();

    clock.advance(Duration.ofHours(2));
    comms.dispatchDue();
    readEveryEmail();
    comms.dispatchDue();

    assertThat(sms.sent()).hasSize(1);
    assertThat(sms.sent().get(0).content().text()).isEqualTo("Invoice F-17");
    WorkflowRun run = run(id);
    assertThat(run.state()).isEqualTo(RunState.COMPLETED);
    assertThat(run.lastOf("opened").orElseThrow().outcome()).isEqualTo("timeout");
    assertThat(run.lastOf("sms").orElseThrow().outcome()).isEqualTo("sent");
  }

  @Test
  void twenty_five_events_in_a_digest_window_become_one_message_listing_them() {
    comms
        .workflows()
        .publish(
            tenant,
            Workflow.builder("updates")
                .on("invoice.updated")
                .digest("collect", DigestSpec.fixed(Duration.ofHours(1)))
                .send("mail", "digest", ChannelType.EMAIL)
                .build(),
            "admin");
    List<UUID> ids = new ArrayList<>();
    for (int i = 1; i <= 25; i++) {
      ids.add(
          comms
              .trigger(Event.of("invoice.updated").to(customer).data("invoiceId", "F-" + i))
              .started()
              .get(0));
      clock.advance(Duration.ofSeconds(10));
      comms.dispatchDue();
    }
    assertThat(email.sent()).isEmpty();

    clock.advance(Duration.ofHours(1));
    comms.dispatchDue();

    assertThat(email.sent()).hasSize(1);
    Content sent = email.sent().get(0).content();
    assertThat(sent.subject()).isEqualTo("25 updates");
    assertThat(sent.text()).startsWith("[F-1][F-2][F-3]").contains("[F-25]").endsWith(" +0");
    assertThat(run(ids.get(0)).state()).isEqualTo(RunState.COMPLETED);
    assertThat(ids.subList(1, 25))
        .allSatisfy(id -> assertThat(run(id).state()).isEqualTo(RunState.MERGED));
  }

  @Test
  void a_digest_keeps_at_most_max_items_and_says_how_many_it_left_out() {
    comms
        .workflows()
        .publish(
            tenant,
            Workflow.builder("updates")
                .on("invoice.updated")
                .digest("collect", DigestSpec.fixed(Duration.ofHours(1)).maxItems(10))
                .send("mail", "digest", ChannelType.EMAIL)
                .build(),
            "admin");
    for (int i = 1; i <= 25; i++) {
      comms.trigger(Event.of("invoice.updated").to(customer).data("invoiceId", "F-" + i));
      clock.advance(Duration.ofSeconds(1));
    }
    comms.dispatchDue();
    clock.advance(Duration.ofHours(1));
    comms.dispatchDue();

    assertThat(email.sent()).hasSize(1);
    Content sent = email.sent().get(0).content();
    assertThat(sent.subject()).isEqualTo("25 updates");
    assertThat(sent.text()).contains("[F-10]").doesNotContain("[F-11]").endsWith(" +15");
  }

  @Test
  void a_critical_event_bypasses_the_digest() {
    comms
        .workflows()
        .publish(
            tenant,
            Workflow.builder("updates")
                .on("invoice.updated")
                .digest("collect", DigestSpec.fixed(Duration.ofHours(1)))
                .send("mail", "note", ChannelType.EMAIL)
                .build(),
            "admin");
    comms.trigger(Event.of("invoice.updated").to(customer).data("invoiceId", "F-1"));
    UUID critical =
        comms
            .trigger(
                Event.of("invoice.updated")
                    .to(customer)
                    .data("invoiceId", "F-2")
                    .priority(Priority.CRITICAL))
            .started()
            .get(0);

    comms.dispatchDue();

    assertThat(email.sent()).hasSize(1);
    assertThat(run(critical).lastOf("collect").orElseThrow().outcome()).isEqualTo("bypassed");
  }

  @Test
  void a_backoff_digest_sends_the_first_event_at_once_and_collects_the_rest() {
    comms
        .workflows()
        .publish(
            tenant,
            Workflow.builder("updates")
                .on("invoice.updated")
                .digest("collect", DigestSpec.backoff(Duration.ofMinutes(30)))
                .send("mail", "note", ChannelType.EMAIL)
                .build(),
            "admin");
    for (int i = 1; i <= 4; i++) {
      comms.trigger(Event.of("invoice.updated").to(customer).data("invoiceId", "F-" + i));
      comms.dispatchDue();
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(email.sent()).hasSize(1);

    clock.advance(Duration.ofMinutes(30));
    comms.dispatchDue();

    assertThat(email.sent()).hasSize(2);
  }

  @Test
  void a_scheduled_digest_sends_at_the_next_cron_time_in_the_recipients_zone() {
    comms
        .workflows()
        .publish(
            tenant,
            Workflow.builder("daily")
                .on("invoice.updated")
                .digest("collect", DigestSpec.scheduled("0 9 * * *").key("account"))
                .send("mail", "digest", ChannelType.EMAIL)
                .build(),
            "admin");
    UUID a1 =
        comms
            .trigger(
                Event.of("invoice.updated")
                    .to(customer)
                    .data("account", "a")
                    .data("invoiceId", "F-1"))
            .started()
            .get(0);
    clock.advance(Duration.ofSeconds(1));
    comms.trigger(
        Event.of("invoice.updated").to(customer).data("account", "a").data("invoiceId", "F-2"));
    comms.trigger(
        Event.of("invoice.updated").to(customer).data("account", "b").data("invoiceId", "F-3"));
    comms.dispatchDue();

    // 10:00 in Montreal on Monday: the next 09:00 there is Tuesday 14:00 UTC.
    assertThat(run(a1).dueAt()).isEqualTo(Instant.parse("2026-03-03T14:00:00Z"));
    clock.set(Instant.parse("2026-03-03T14:00:00Z"));
    comms.dispatchDue();

    assertThat(email.sent())
        .extracting(m -> m.content().text())
        .containsExactlyInAnyOrder("[F-1][F-2] +0", "[F-3] +0");
  }

  @Test
  void invoice_paid_cancels_the_waiting_run_of_the_same_invoice_only() {
    comms.workflows().publishJson(tenant, SMS_IF_UNOPENED, "admin");
    UUID f17 = overdue("F-17").started().get(0);
    UUID f18 = overdue("F-18").started().get(0);
    comms.dispatchDue();

    Triggered paid = comms.trigger(Event.of("invoice.paid").to(customer).data("invoiceId", "F-17"));
    clock.advance(Duration.ofHours(3));
    comms.dispatchDue();

    assertThat(paid.started()).isEmpty();
    assertThat(paid.cancelled()).containsExactly(f17);
    assertThat(run(f17).state()).isEqualTo(RunState.CANCELLED);
    assertThat(run(f17).lastOf("cancel").orElseThrow().detail()).contains("invoice.paid");
    assertThat(run(f18).state()).isEqualTo(RunState.COMPLETED);
    assertThat(sms.sent()).extracting(m -> m.content().text()).containsExactly("Invoice F-18");
  }

  @Test
  void the_application_cancels_a_run_and_a_finished_run_stays_as_it_was() {
    comms.workflows().publishJson(tenant, SMS_IF_UNOPENED, "admin");
    UUID id = overdue("F-17").started().get(0);
    comms.dispatchDue();

    assertThat(comms.workflows().cancel(tenant, id)).isTrue();
    assertThat(comms.workflows().cancel(tenant, id)).isFalse();
    clock.advance(Duration.ofHours(3));
    comms.dispatchDue();

    assertThat(run(id).state()).isEqualTo(RunState.CANCELLED);
    assertThat(sms.sent()).isEmpty();
  }

  @Test
  void the_same_event_id_or_the_same_event_without_id_starts_one_run() {
    comms.workflows().publishJson(tenant, SMS_IF_UNOPENED, "admin");

    Triggered first =
        comms.trigger(Event.of("invoice.overdue").to(customer).data("invoiceId", "F-1").id("e-1"));
    Triggered again =
        comms.trigger(Event.of("invoice.overdue").to(customer).data("invoiceId", "F-2").id("e-1"));
    Triggered hashed =
        comms.trigger(
            Event.of("invoice.overdue")
                .to(customer)
                .data(Map.of("invoiceId", "F-3", "amount", 10)));
    Triggered sameData =
        comms.trigger(
            Event.of("invoice.overdue").to(customer).data("amount", 10).data("invoiceId", "F-3"));
    Triggered otherData =
        comms.trigger(Event.of("invoice.overdue").to(customer).data("invoiceId", "F-4"));
    comms.dispatchDue();

    assertThat(first.duplicate()).isFalse();
    assertThat(again.duplicate()).isTrue();
    assertThat(again.started()).isEqualTo(first.started());
    assertThat(sameData.duplicate()).isTrue();
    assertThat(sameData.started()).isEqualTo(hashed.started());
    assertThat(otherData.duplicate()).isFalse();
    assertThat(email.sent()).hasSize(3);

    clock.advance(Duration.ofHours(25));
    assertThat(
            comms
                .trigger(
                    Event.of("invoice.overdue").to(customer).data("invoiceId", "F-1").id("e-1"))
                .duplicate())
        .isFalse();
  }

  @Test
  void a_throttle_step_ends_the_runs_over_its_limit_as_throttled() {
    comms
        .workflows()
        .publish(
            tenant,
            Workflow.builder("reminders")
                .on("cart.abandoned")
                .throttle("at-most-two", 2, Duration.ofHours(1))
                .send("mail", "note", ChannelType.EMAIL)
                .build(),
            "admin");
    List<UUID> ids = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      ids.add(
          comms
              .trigger(Event.of("cart.abandoned").to(customer).data("cart", "c-" + i))
              .started()
              .get(0));
    }

    comms.dispatchDue();

    assertThat(email.sent()).hasSize(2);
    assertThat(ids.stream().map(id -> run(id).state()))
        .containsExactlyInAnyOrder(RunState.COMPLETED, RunState.COMPLETED, RunState.THROTTLED);
  }

  @Test
  void a_branch_reads_the_event_data_and_the_recipients_preferences() {
    comms
        .workflows()
        .publish(
            tenant,
            Workflow.builder("alerts")
                .on("balance.low")
                .branch("big", "data.amount >= 100 and preferences.sms", "text", null)
                .send("mail", "note", ChannelType.EMAIL)
                .exit("stop")
                .send("text", "note", ChannelType.SMS)
                .build(),
            "admin");
    Recipient optedOut = TestData.recipient(tenant, "customer-2");
    comms
        .preferences()
        .update(
            tenant,
            optedOut.id(),
            "customer-2",
            null,
            e -> e.topic("balance.low", ChannelType.SMS, false));

    UUID big =
        comms.trigger(Event.of("balance.low").to(customer).data("amount", 150)).started().get(0);
    UUID small =
        comms.trigger(Event.of("balance.low").to(customer).data("amount", 5)).started().get(0);
    UUID noSms =
        comms.trigger(Event.of("balance.low").to(optedOut).data("amount", 150)).started().get(0);
    comms.dispatchDue();

    assertThat(run(big).lastOf("big").orElseThrow().outcome()).isEqualTo("then");
    assertThat(run(small).lastOf("big").orElseThrow().outcome()).isEqualTo("otherwise");
    assertThat(run(noSms).lastOf("big").orElseThrow().outcome()).isEqualTo("otherwise");
    assertThat(sms.sent()).hasSize(1);
    assertThat(email.sent()).hasSize(2);
  }

  @Test
  void a_delay_until_a_local_time_waits_for_that_time_in_the_recipients_zone() {
    comms
        .workflows()
        .publish(
            tenant,
            Workflow.builder("morning")
                .on("report.ready")
                .delayUntil("nine", java.time.LocalTime.of(9, 0))
                .send("mail", "note", ChannelType.EMAIL)
                .build(),
            "admin");
    UUID id = comms.trigger(Event.of("report.ready").to(customer)).started().get(0);

    comms.dispatchDue();
    assertThat(run(id).dueAt()).isEqualTo(Instant.parse("2026-03-03T14:00:00Z"));
    clock.set(Instant.parse("2026-03-03T13:59:00Z"));
    comms.dispatchDue();
    assertThat(email.sent()).isEmpty();
    clock.set(Instant.parse("2026-03-03T14:00:00Z"));
    comms.dispatchDue();

    assertThat(email.sent()).hasSize(1);
    assertThat(run(id).state()).isEqualTo(RunState.COMPLETED);
  }

  @Test
  void a_node_stopped_hard_mid_workflow_is_finished_by_another_and_sends_once() {
    comms.workflows().publishJson(tenant, SMS_IF_UNOPENED, "admin");
    UUID id = overdue("F-17").started().get(0);
    // Node A claims the run and sends its email, then stops hard before writing the run back.
    StoredRun held =
        stores.workflowRuns().claim("node-a", 10, T0, T0.plus(Duration.ofMinutes(5))).get(0);
    assertThat(held.id()).isEqualTo(id);
    comms.send(
        dev.communicable.Notification.event("invoice.overdue")
            .to(customer)
            .topic("invoice.overdue")
            .template("invoice-overdue")
            .data("invoiceId", "F-17")
            .channels(ChannelType.EMAIL)
            .idempotencyKey("wf:" + id + ":email")
            .build());
    Communication nodeB = node("node-b", anotherNode(stores), Duration.ofMinutes(5));

    nodeB.dispatchDue();
    assertThat(run(id).steps()).hasSize(1);
    clock.advance(Duration.ofMinutes(6));
    nodeB.dispatchDue();
    clock.advance(Duration.ofHours(2));
    nodeB.dispatchDue();

    assertThat(email.sent()).hasSize(1);
    assertThat(sms.sent()).hasSize(1);
    WorkflowRun run = run(id);
    assertThat(run.state()).isEqualTo(RunState.COMPLETED);
    assertThat(run.lastOf("email").orElseThrow().detail()).endsWith("(sent before)");
  }

  @Test
  void runs_of_a_workflow_list_newest_first_with_their_steps() {
    comms.workflows().publishJson(tenant, SMS_IF_UNOPENED, "admin");
    UUID first = overdue("F-1").started().get(0);
    clock.advance(Duration.ofSeconds(1));
    UUID second = overdue("F-2").started().get(0);
    comms.dispatchDue();

    List<WorkflowRun> runs = comms.workflows().runs(tenant, "invoice-overdue", customer.id(), 10);

    assertThat(runs).extracting(WorkflowRun::id).containsExactly(second, first);
    assertThat(runs.get(0).nextStepId()).isEqualTo("opened");
    assertThat(runs.get(0).steps()).extracting(RunStep::stepId).contains("email", "opened");
    assertThat(comms.workflows().runs(tenant, "invoice-overdue", "nobody", 10)).isEmpty();
  }

  @Test
  void bad_input_is_refused_naming_the_field() {
    assertThatThrownBy(() -> comms.trigger(Event.of("invoice.overdue").data("a", 1)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("recipient:");
    assertThatThrownBy(() -> comms.trigger(Event.of("bad name").to(customer)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("event:");
    Map<String, Object> bad = new HashMap<>();
    bad.put("x", null);
    assertThatThrownBy(() -> comms.trigger(Event.of("e").to(customer).data(bad)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("data.x:");
    assertThatThrownBy(
            () -> comms.trigger(Event.of("e").to(customer).data("big", "x".repeat(70_000))))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("data:");
    assertThatThrownBy(() -> comms.trigger(Event.of("e").to(customer).id(" ")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("id:");
    assertThatThrownBy(() -> comms.workflows().run(tenant, UUID.randomUUID()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> comms.workflows().cancel(tenant, UUID.randomUUID()))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> comms.workflows().runs(tenant, "w", null, 0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("limit:");
    assertThatThrownBy(() -> RunState.COMPLETED.moveTo(RunState.RUNNING))
        .isInstanceOf(IllegalRunTransitionException.class)
        .hasMessageStartingWith("state:");
    assertThat(comms.trigger(Event.of("nobody.listens").to(customer)).started()).isEmpty();
  }
}
