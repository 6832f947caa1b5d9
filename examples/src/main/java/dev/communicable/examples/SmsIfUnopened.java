package dev.communicable.examples;

import dev.communicable.Communicable;
import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.channel.ChannelType;
import dev.communicable.jdbc.JdbcStores;
import dev.communicable.memory.RecordingChannelAdapter;
import dev.communicable.memory.SettableClock;
import dev.communicable.template.Template;
import dev.communicable.workflow.Event;
import dev.communicable.workflow.RunStep;
import dev.communicable.workflow.Triggered;
import dev.communicable.workflow.WorkflowRun;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The seeds' rule as a workflow a tenant stores as JSON: "email the overdue invoice; if the email
 * is unopened within 2 hours, resend it by SMS". Two customers get it: Ada opens her email after 30
 * minutes (no SMS), Bob never does (an SMS after 2 hours). A third invoice is paid before its
 * deadline, which cancels its run. Prints each run's steps. Time is driven by a settable clock.
 *
 * <p>Stored in the embedded default, an in-memory H2 database. Run it with {@code ./mvnw -q -B
 * -Pworkflow -pl examples -am package -DskipTests}.
 */
public final class SmsIfUnopened {
  private static final String TENANT = "acme";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

  /** What the tenant's administrator saved: validated and published as version 1. */
  static final String WORKFLOW =
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

  private SmsIfUnopened() {}

  record Customer(String id, String email, String phone) implements Communicable {
    @Override
    public String communicableId() {
      return id;
    }

    @Override
    public String tenantId() {
      return TENANT;
    }

    @Override
    public Map<ChannelType, String> contactPoints() {
      return Map.of(ChannelType.EMAIL, email, ChannelType.SMS, phone);
    }
  }

  public static void main(String[] args) {
    run(System.out);
  }

  static void run(PrintStream out) {
    SettableClock clock = SettableClock.of(Instant.parse("2026-03-02T09:00:00Z"));
    RecordingChannelAdapter email = new RecordingChannelAdapter(ChannelType.EMAIL, "smtp");
    RecordingChannelAdapter sms = new RecordingChannelAdapter(ChannelType.SMS, "twilio");
    try (JdbcStores stores = JdbcStores.h2Embedded("workflow-example").migrate();
        Communication comms =
            Communication.builder()
                .stores(stores)
                .clock(clock)
                .workers(0)
                .workerId("example")
                .adapter(email)
                .adapter(sms)
                .build()) {
      Content overdue =
          Content.builder()
              .subject("Invoice {{invoiceId}} is overdue")
              .text("Invoice {{invoiceId}} ({{amount}}) is overdue.")
              .build();
      comms
          .templates()
          .publish(
              TENANT,
              "invoice-overdue",
              Map.of(
                  Template.Variant.of(ChannelType.EMAIL), overdue,
                  Template.Variant.of(ChannelType.SMS), overdue),
              "admin");
      comms.workflows().publishJson(TENANT, WORKFLOW, "admin");

      Customer ada = new Customer("ada", "ada@example.com", "+447700900123");
      Customer bob = new Customer("bob", "bob@example.com", "+447700900456");
      UUID adaRun = trigger(comms, ada, "INV-1", "£42.00");
      UUID bobRun = trigger(comms, bob, "INV-2", "£17.50");
      UUID paidRun = trigger(comms, bob, "INV-3", "£99.00");
      comms.dispatchDue();
      out.println(TIME.format(clock.instant()) + "  three overdue emails sent");

      clock.advance(Duration.ofMinutes(30));
      email
          .sentTo("ada@example.com")
          .forEach(
              m ->
                  comms.track(
                      TENANT, m.deliveryId(), dev.communicable.delivery.DeliveryEvent.READ));
      out.println(TIME.format(clock.instant()) + "  Ada opens her email");
      Triggered paid = comms.trigger(Event.of("invoice.paid").to(bob).data("invoiceId", "INV-3"));
      out.println(
          TIME.format(clock.instant())
              + "  INV-3 is paid: "
              + paid.cancelled().size()
              + " run cancelled");
      comms.dispatchDue();

      clock.advance(Duration.ofMinutes(90));
      comms.dispatchDue();
      out.println(TIME.format(clock.instant()) + "  two hours after the emails");
      sms.sent().forEach(m -> out.println("  SMS to " + m.address() + ": " + m.content().text()));

      for (UUID id : new UUID[] {adaRun, bobRun, paidRun}) {
        out.println();
        print(out, comms.workflows().run(TENANT, id));
      }
    }
  }

  private static UUID trigger(Communication comms, Customer who, String invoice, String amount) {
    return comms
        .trigger(
            Event.of("invoice.overdue")
                .to(who)
                .data("invoiceId", invoice)
                .data("amount", amount)
                .id(invoice + "-overdue"))
        .started()
        .get(0);
  }

  /** Prints a run and its steps as an aligned table. */
  static void print(PrintStream out, WorkflowRun run) {
    out.printf(
        "Run of %s for %s (%s): %s%n",
        run.workflowId(), run.recipientId(), run.correlation(), run.state());
    String row = "  %-5s  %-7s  %-8s  %-9s  %s";
    out.println(String.format(Locale.ROOT, row, "TIME", "STEP", "TYPE", "OUTCOME", "DETAIL"));
    for (RunStep s : run.steps()) {
      out.println(
          String.format(
                  Locale.ROOT,
                  row,
                  TIME.format(s.at()),
                  s.stepId(),
                  s.type(),
                  s.outcome(),
                  s.detail() == null ? "" : s.detail())
              .stripTrailing());
    }
  }
}
