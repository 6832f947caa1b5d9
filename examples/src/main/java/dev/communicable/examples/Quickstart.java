package dev.communicable.examples;

import dev.communicable.Communicable;
import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.SendResult;
import dev.communicable.delivery.StateChange;
import dev.communicable.inbox.InboxItem;
import dev.communicable.jdbc.JdbcStores;
import dev.communicable.memory.RecordingChannelAdapter;
import dev.communicable.memory.SettableClock;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.policy.Retry;
import dev.communicable.template.Template;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The quickstart: one invoice notification to a customer by email and in-app, with SMS as the
 * email's fallback. The email provider is scripted to fail once in a way worth retrying, then for
 * good, so the timeline shows a retry with backoff and then the fallback to SMS. Time is driven by
 * a settable clock, step by step; nothing sleeps.
 *
 * <p>Everything is stored in the embedded default, an in-memory H2 database that the Flyway
 * migrations create at start and that is dropped when the stores close; point {@code JdbcStores} at
 * PostgreSQL for several nodes sharing one queue.
 *
 * <p>Run it with {@code ./mvnw -q -B -Pquickstart -pl examples -am package -DskipTests}.
 */
public final class Quickstart {
  private static final String TENANT = "acme";
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("HH:mm:ss").withZone(ZoneOffset.UTC);

  private Quickstart() {}

  /** A customer of the host application; any user or organization class can do this. */
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

    @Override
    public ZoneId timeZone() {
      return ZoneId.of("Europe/London");
    }
  }

  public static void main(String[] args) {
    run(System.out);
  }

  /** Runs the scenario, printing to {@code out}. */
  static void run(PrintStream out) {
    SettableClock clock = SettableClock.of(Instant.parse("2026-03-02T09:00:00Z"));

    RecordingChannelAdapter email = new RecordingChannelAdapter(ChannelType.EMAIL, "smtp");
    email
        .failNext(1, SendResult.retryable("smtp", "421 service busy, try again later"))
        .failNext(1, SendResult.permanent("smtp", "550", "mailbox unavailable"));
    RecordingChannelAdapter sms = new RecordingChannelAdapter(ChannelType.SMS, "twilio");

    DeliveryPolicy policy =
        DeliveryPolicy.builder()
            .channels(ChannelType.EMAIL, ChannelType.IN_APP)
            .retry(Retry.schedule(Duration.ofMinutes(1), Duration.ofMinutes(5)).jitter(0))
            .fallback(ChannelType.EMAIL, ChannelType.SMS)
            .build();

    try (JdbcStores stores = JdbcStores.h2Embedded("quickstart").migrate();
        Communication comms =
            Communication.builder()
                .stores(stores)
                .clock(clock)
                .workers(0) // this script dispatches on its own thread, step by step
                .workerId("quickstart")
                .adapter(email)
                .adapter(sms)
                .policy(policy)
                .build()) {

      comms
          .templates()
          .publish(
              TENANT,
              "invoice-paid",
              Map.of(
                  Template.Variant.of(ChannelType.EMAIL),
                  Content.builder()
                      .subject("Invoice {{invoice}} is paid")
                      .text("Hello {{name}}, we received {{amount}} for invoice {{invoice}}.")
                      .build(),
                  Template.Variant.of(ChannelType.SMS),
                  Content.text("Invoice {{invoice}}: {{amount}} received. Thank you!"),
                  Template.Variant.of(ChannelType.IN_APP),
                  Content.builder()
                      .title("Invoice {{invoice}} paid")
                      .text("{{amount}} received")
                      .link("app://invoices/{{invoice}}")
                      .build()),
              "quickstart");

      Customer ada = new Customer("ada", "ada@example.com", "+447700900123");
      Receipt receipt =
          comms.send(
              Notification.event("invoice.paid")
                  .to(ada)
                  .template("invoice-paid")
                  .data("name", "Ada")
                  .data("invoice", "INV-1042")
                  .data("amount", "£42.00")
                  .idempotencyKey("INV-1042-paid"));
      out.println(
          "Accepted message " + receipt.messageId() + " at " + TIME.format(clock.instant()));

      step(out, comms, clock, "send what is due");
      clock.advance(Duration.ofMinutes(1));
      step(out, comms, clock, "one minute later, the email retry is due");
      clock.advance(Duration.ofMinutes(4));
      InboxItem unread = comms.inbox().unread(TENANT, ada.id(), 10).get(0);
      comms.inbox().markRead(TENANT, ada.id(), unread.deliveryId());
      out.println(TIME.format(clock.instant()) + "  Ada opens the app and reads the message");

      out.println();
      out.println("Timeline");
      printTimeline(out, comms.timeline(receipt));

      out.println();
      out.println("Sent by SMS: " + sms.sent().get(0).content().text());
      out.println();
      out.println("Ada's inbox");
      List<InboxItem> items = comms.inbox().list(TENANT, ada.id(), null, 10);
      for (InboxItem item : items) {
        out.printf(
            "  [%s] %s: %s (%s)%n",
            item.isRead() ? "read" : "unread", item.title(), item.text(), item.link());
      }
    }
  }

  private static void step(PrintStream out, Communication comms, SettableClock clock, String why) {
    int processed = comms.dispatchDue();
    out.printf(
        "%s  %s: processed %d deliver%s%n",
        TIME.format(clock.instant()), why, processed, processed == 1 ? "y" : "ies");
  }

  /** Prints the timeline as an aligned table: time, channel, from -> to, detail. */
  static void printTimeline(PrintStream out, List<StateChange> timeline) {
    String row = "  %-8s  %-7s  %-13s %2s %-13s  %s";
    out.println(String.format(Locale.ROOT, row, "TIME", "CHANNEL", "FROM", "", "TO", "DETAIL"));
    for (StateChange c : timeline) {
      String line =
          String.format(
              Locale.ROOT,
              row,
              TIME.format(c.at()),
              c.channel(),
              c.from() == null ? "(new)" : c.from(),
              "->",
              c.to(),
              c.detail() == null ? "" : c.detail());
      out.println(line.stripTrailing());
    }
  }
}
