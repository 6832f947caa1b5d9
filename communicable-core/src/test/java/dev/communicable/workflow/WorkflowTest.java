package dev.communicable.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import java.time.Duration;
import java.time.LocalTime;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class WorkflowTest {

  private static Workflow.Builder overdue() {
    return Workflow.builder("invoice-overdue")
        .on("invoice.overdue")
        .correlateBy("invoiceId")
        .cancelOn("invoice.paid", "invoice.cancelled");
  }

  private static void rejects(ThrowingCallable call, String field, String problem) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).isEqualTo(field);
              assertThat(e.problem()).isEqualTo(problem);
            });
  }

  @Test
  void the_sms_if_unopened_rule_builds_with_every_value_kept() {
    Workflow w =
        overdue()
            .topic("billing")
            .send("email", "invoice-overdue", ChannelType.EMAIL)
            .waitFor("opened", "email", AwaitedReceipt.READ, Duration.ofHours(2), "done", null)
            .send("sms", "invoice-overdue", ChannelType.SMS)
            .exit("done")
            .build();

    assertThat(w.id()).isEqualTo("invoice-overdue");
    assertThat(w.trigger()).isEqualTo("invoice.overdue");
    assertThat(w.correlationKey()).contains("invoiceId");
    assertThat(w.cancelOn()).containsExactly("invoice.paid", "invoice.cancelled");
    assertThat(w.topic()).isEqualTo("billing");
    assertThat(w.steps())
        .containsExactly(
            new Step.Send("email", "invoice-overdue", List.of(ChannelType.EMAIL), null),
            new Step.WaitFor(
                "opened", "email", AwaitedReceipt.READ, Duration.ofHours(2), "done", null),
            new Step.Send("sms", "invoice-overdue", List.of(ChannelType.SMS), null),
            new Step.Exit("done"));
    assertThat(w.indexOf("sms")).isEqualTo(2);
    assertThat(w.indexOf("nope")).isEqualTo(-1);
    assertThat(w.step("done")).isEqualTo(new Step.Exit("done"));
    rejects(() -> w.step("nope"), "stepId", "workflow 'invoice-overdue' has no step 'nope'");
  }

  @Test
  void every_kind_of_step_builds() {
    Workflow w =
        Workflow.builder("all")
            .on("thing.happened")
            .throttle("limit", 3, Duration.ofHours(1), "projectId")
            .digest("collect", DigestSpec.backoff(Duration.ofMinutes(10)).key("projectId"))
            .delay("pause", Duration.ofMinutes(5))
            .delayUntil("morning", LocalTime.of(9, 0))
            .branch("vip", "data.vip == true", null, "normal")
            .step(new Step.Send("urgent", "alert", List.of(), Priority.HIGH))
            .send("normal", "alert")
            .exit("end")
            .build();

    assertThat(w.topic()).isEqualTo("thing.happened");
    assertThat(w.correlationKey()).isEmpty();
    assertThat(w.cancelOn()).isEmpty();
    assertThat(w.steps()).hasSize(8);
    assertThat(w.step("vip"))
        .isEqualTo(new Step.Branch("vip", Condition.parse("data.vip == true"), null, "normal"));
    assertThat(w.step("morning")).isEqualTo(new Step.Delay("morning", null, LocalTime.of(9, 0)));
    assertThat(w.step("limit"))
        .isEqualTo(new Step.Throttle("limit", 3, Duration.ofHours(1), "projectId"));
  }

  @Test
  void two_workflows_built_alike_are_equal() {
    assertThat(overdue().send("a", "t").build()).isEqualTo(overdue().send("a", "t").build());
    assertThat(overdue().send("a", "t").build().hashCode())
        .isEqualTo(overdue().send("a", "t").build().hashCode());
    assertThat(overdue().send("a", "t").build()).isNotEqualTo(overdue().send("b", "t").build());
  }

  @Test
  void the_steps_cannot_be_changed_after_building() {
    Workflow w = overdue().send("a", "t").build();
    assertThatThrownBy(() -> w.steps().add(new Step.Exit("x")))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> w.cancelOn().add("x"))
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Test
  void the_workflow_names_are_checked() {
    rejects(
        () -> Workflow.builder("bad id").on("e").send("a", "t").build(),
        "id",
        "must be 1-128 letters, digits or . _ : / - starting with a letter or digit, was 'bad id'");
    rejects(
        () -> Workflow.builder("w").send("a", "t").build(),
        "trigger",
        "set the event that starts the workflow");
    rejects(
        () -> Workflow.builder("w").on("").send("a", "t").build(),
        "trigger",
        "must not be null or blank, was ''");
    rejects(
        () -> Workflow.builder("w").on("e").topic("?").send("a", "t").build(),
        "topic",
        "must be 1-128 letters, digits or . _ : / - starting with a letter or digit, was '?'");
    rejects(
        () -> Workflow.builder("w").on("e").correlateBy(" ").send("a", "t").build(),
        "correlationKey",
        "must not be null or blank, was ' '");
  }

  @Test
  void cancel_events_are_checked() {
    rejects(
        () -> Workflow.builder("w").on("e").cancelOn("x", "x").send("a", "t").build(),
        "cancelOn[1]",
        "names 'x' twice");
    rejects(
        () -> Workflow.builder("w").on("e").cancelOn("e").send("a", "t").build(),
        "cancelOn[0]",
        "must not be the trigger 'e'");
    rejects(
        () -> Workflow.builder("w").on("e").cancelOn("ok", "no way").send("a", "t").build(),
        "cancelOn[1]",
        "must be 1-128 letters, digits or . _ : / - starting with a letter or digit, was 'no way'");
    rejects(
        () -> Workflow.builder("w").on("e").cancelOn("x", null).send("a", "t").build(),
        "cancelOn[1]",
        "must not be null or blank, was null");
    Workflow.Builder many = Workflow.builder("w").on("e").send("a", "t");
    for (int i = 0; i <= Workflow.MAX_CANCEL_EVENTS; i++) {
      many.cancelOn("c" + i);
    }
    rejects(many::build, "cancelOn", "must hold at most 20 events, held 21");
  }

  @Test
  void a_workflow_holds_one_to_a_hundred_steps() {
    rejects(() -> Workflow.builder("w").on("e").build(), "steps", "must hold at least one step");
    Workflow.Builder b = Workflow.builder("w").on("e");
    for (int i = 0; i < Workflow.MAX_STEPS; i++) {
      b.delay("d" + i, Duration.ofMinutes(1));
    }
    assertThat(b.build().steps()).hasSize(100);
    b.exit("end");
    rejects(b::build, "steps", "must hold at most 100 steps, held 101");
  }

  @Test
  void step_ids_are_unique() {
    rejects(
        () -> overdue().send("a", "t").delay("b", Duration.ofMinutes(1)).exit("a").build(),
        "steps[2].id",
        "'a' is already the id of steps[0]");
  }

  @Test
  void a_bad_step_value_is_named_by_its_path_when_added() {
    rejects(
        () -> overdue().send("a", "t").delay("b", Duration.ZERO),
        "steps[1].duration",
        "must be positive, was PT0S");
    rejects(
        () -> overdue().send("a", "t").delay("b", Duration.ofDays(4000)),
        "steps[1].duration",
        "must be at most PT87600H, was PT96000H");
    rejects(
        () -> overdue().send("a b", "t"),
        "steps[0].id",
        "must be 1-64 letters, digits or . _ - starting with a letter or digit, was 'a b'");
    rejects(
        () -> overdue().send("a", "t", ChannelType.SMS, ChannelType.SMS),
        "steps[0].channels",
        "must not name a channel twice");
    rejects(
        () -> overdue().send("a", "t").branch("b", "data.x ==", "c", null),
        "steps[1].condition",
        "at position 10: expected a value, a path, 'exists(...)', 'not' or '(', found the end of"
            + " the condition");
    rejects(
        () -> overdue().throttle("t", 0, Duration.ofHours(1)),
        "steps[0].limit",
        "must be between 1 and 1000000, was 0");
    rejects(
        () -> overdue().send("a", "t").waitFor("w", "a", AwaitedReceipt.READ, null, null, null),
        "steps[1].within",
        "must be positive, was null");
    rejects(() -> overdue().step(null), "steps[0]", "must not be null");
    rejects(
        () -> overdue().send("a", "t", ChannelType.SMS, null),
        "steps[0].channels",
        "must not hold null, held one at index 1");
  }

  @Test
  void a_delay_has_exactly_one_of_duration_and_until() {
    rejects(
        () -> new Step.Delay("d", null, null), "duration", "set exactly one of duration and until");
    rejects(
        () -> new Step.Delay("d", Duration.ofMinutes(1), LocalTime.NOON),
        "until",
        "set exactly one of duration and until");
  }

  @Test
  void a_branch_jumps_somewhere() {
    rejects(
        () -> new Step.Branch("b", Condition.parse("true"), null, null),
        "then",
        "set then, otherwise or both");
  }

  @Test
  void a_wait_for_names_an_earlier_send_step() {
    rejects(
        () ->
            overdue()
                .send("email", "t")
                .waitFor("w", "mail", AwaitedReceipt.READ, Duration.ofHours(2), null, null)
                .build(),
        "steps[1].step",
        "no step 'mail'");
    rejects(
        () ->
            overdue()
                .waitFor("w", "email", AwaitedReceipt.READ, Duration.ofHours(2), null, null)
                .send("email", "t")
                .build(),
        "steps[0].step",
        "must name an earlier send step, 'email' is steps[1]");
    rejects(
        () ->
            overdue()
                .delay("pause", Duration.ofMinutes(1))
                .waitFor("w", "pause", AwaitedReceipt.DELIVERED, Duration.ofHours(2), null, null)
                .build(),
        "steps[1].step",
        "must name a send step, 'pause' is a delay step");
    rejects(
        () ->
            overdue()
                .send("email", "t")
                .waitFor("w", "w", AwaitedReceipt.DELIVERED, Duration.ofHours(2), null, null)
                .build(),
        "steps[1].step",
        "must name an earlier send step, 'w' is steps[1]");
  }

  @Test
  void jumps_go_forward_only_so_no_run_can_loop() {
    rejects(
        () ->
            overdue()
                .send("email", "t")
                .waitFor("w", "email", AwaitedReceipt.READ, Duration.ofHours(2), null, "x")
                .build(),
        "steps[1].onTimeout",
        "no step 'x'");
    rejects(
        () ->
            overdue()
                .send("email", "t")
                .waitFor("w", "email", AwaitedReceipt.READ, Duration.ofHours(2), "email", null)
                .build(),
        "steps[1].onReceipt",
        "must name a later step (jumps go forward only, so that a run cannot loop), 'email' is"
            + " steps[0]");
    rejects(
        () -> overdue().send("a", "t").branch("b", "true", "b", null).build(),
        "steps[1].then",
        "must name a later step (jumps go forward only, so that a run cannot loop), 'b' is"
            + " steps[1]");
    rejects(
        () -> overdue().send("a", "t").branch("b", "true", null, "a").build(),
        "steps[1].otherwise",
        "must name a later step (jumps go forward only, so that a run cannot loop), 'a' is"
            + " steps[0]");
  }

  @Test
  void digest_specs_are_checked() {
    rejects(() -> DigestSpec.fixed(null), "window", "must be positive, was null");
    rejects(
        () -> DigestSpec.backoff(Duration.ofSeconds(-1)), "window", "must be positive, was PT-1S");
    rejects(() -> DigestSpec.scheduled(" "), "cron", "must not be null or blank, was ' '");
    assertThatThrownBy(() -> DigestSpec.scheduled("0 9 * *"))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("cron"));
    rejects(
        () -> DigestSpec.scheduled("0 0 30 2 *"),
        "cron",
        "never fires within 5 years, was '0 0 30 2 *'");
    rejects(
        () -> DigestSpec.fixed(Duration.ofHours(1)).maxItems(1001),
        "maxItems",
        "must be between 1 and 1000, was 1001");
    rejects(
        () -> DigestSpec.fixed(Duration.ofHours(1)).key(""),
        "key",
        "must not be null or blank, was ''");

    DigestSpec daily = DigestSpec.scheduled("0 9 * * *").key("projectId").maxItems(25);
    assertThat(daily.kind()).isEqualTo(DigestSpec.Kind.SCHEDULED);
    assertThat(daily.cron()).isEqualTo("0 9 * * *");
    assertThat(daily.window()).isNull();
    assertThat(daily.key()).contains("projectId");
    assertThat(daily.maxItems()).isEqualTo(25);
    assertThat(DigestSpec.fixed(Duration.ofHours(1)).maxItems()).isEqualTo(100);
    assertThat(daily).isEqualTo(DigestSpec.scheduled("0 9 * * *").key("projectId").maxItems(25));
  }
}
