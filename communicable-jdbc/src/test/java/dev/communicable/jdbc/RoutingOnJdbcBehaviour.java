package dev.communicable.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Communicable;
import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Contact;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.delivery.StateChange;
import dev.communicable.memory.RecordingChannelAdapter;
import dev.communicable.memory.SettableClock;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.policy.Escalation;
import dev.communicable.schedule.SendWindow;
import dev.communicable.spi.ContactDirectory;
import dev.communicable.template.Template;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Routing on the JDBC stores: send windows, escalation to another contact, the dropped seed tables;
 * run on H2 and on PostgreSQL by the subclasses. One node without background workers, driven by a
 * settable clock and {@link Communication#dispatchDue()}.
 */
abstract class RoutingOnJdbcBehaviour {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

  /** Tuesday 2026-03-03, 20:00 in Paris. */
  private static final Instant TUESDAY_EVENING = Instant.parse("2026-03-03T19:00:00Z");

  TestDatabase database;
  final List<Communication> nodes = new ArrayList<>();
  final SettableClock clock = SettableClock.of(TUESDAY_EVENING);
  final RecordingChannelAdapter email = new RecordingChannelAdapter(ChannelType.EMAIL, "smtp");
  final RecordingChannelAdapter sms = new RecordingChannelAdapter(ChannelType.SMS, "twilio");
  String tenant;

  abstract TestDatabase.Kind kind();

  @BeforeEach
  void openDatabase() {
    database = TestDatabase.create(kind());
    tenant = "t-" + UUID.randomUUID().toString().substring(0, 8);
  }

  @AfterEach
  void closeEverything() {
    nodes.forEach(Communication::close);
    database.close();
  }

  Communication node(Communication.Builder builder) {
    Communication node =
        builder
            .stores(database.anotherNode())
            .clock(clock)
            .workers(0)
            .adapter(email)
            .adapter(sms)
            .build();
    nodes.add(node);
    return node;
  }

  Communicable person(String id, String address, String phone, Locale locale, ZoneId zone) {
    return new Recipient(
        id, tenant, Map.of(ChannelType.EMAIL, address, ChannelType.SMS, phone), locale, zone);
  }

  @Test
  void a_message_accepted_at_eight_in_the_evening_goes_out_at_nine_the_next_weekday() {
    Communication comms = node(Communication.builder());
    Receipt receipt =
        comms.send(
            Notification.event("newsletter")
                .to(person("pierre", "pierre@example.com", "+33612345678", Locale.FRENCH, PARIS))
                .content(Content.text("Bonjour"))
                .channels(ChannelType.EMAIL)
                .window(SendWindow.weekdays(LocalTime.of(9, 0), LocalTime.of(18, 0))));

    comms.dispatchDue();
    Delivery waiting = comms.deliveries(tenant, receipt.messageId()).get(0);
    assertThat(waiting.state()).isEqualTo(DeliveryState.QUEUED);
    assertThat(waiting.scheduledAt()).isEqualTo(Instant.parse("2026-03-04T08:00:00Z"));
    assertThat(email.sent()).isEmpty();

    // another node, reading the message from the database, keeps to the same window
    Communication other = node(Communication.builder());
    clock.set(Instant.parse("2026-03-04T07:59:00Z"));
    assertThat(other.dispatchDue()).isZero();
    clock.set(Instant.parse("2026-03-04T08:00:00Z"));
    other.dispatchDue();
    assertThat(email.sent()).hasSize(1);
    assertThat(email.sent().get(0).metadata()).isEmpty();
    assertThat(other.deliveries(tenant, receipt.messageId()).get(0).state())
        .isEqualTo(DeliveryState.SENT);
  }

  @Test
  void an_unread_urgent_message_escalates_to_the_managers_phone_and_a_read_cancels_the_next() {
    Communicable technician =
        person("tom", "tom@example.com", "+14155550111", Locale.ENGLISH, ZoneId.of("UTC"));
    Communicable manager =
        person("marie", "marie@example.com", "+33 6 12 34 56 78", Locale.FRENCH, PARIS);
    ContactDirectory directory =
        (tenantId, recipientId, role) ->
            recipientId.equals("tom") && role.equals("manager")
                ? Optional.of(manager)
                : Optional.empty();
    DeliveryPolicy policy =
        DeliveryPolicy.builder()
            .channels(ChannelType.EMAIL)
            .escalate(
                Escalation.ifUnread(Duration.ofMinutes(15), ChannelType.SMS).toContact("manager"))
            .build();
    Communication comms = node(Communication.builder().policy(policy).contacts(directory));
    Map<Template.Variant, Content> variants = new java.util.LinkedHashMap<>();
    variants.put(Template.Variant.of(ChannelType.EMAIL), Content.text("Job {{job}}"));
    variants.put(Template.Variant.of(ChannelType.SMS), Content.text("Job {{job}} unread"));
    variants.put(
        new Template.Variant(ChannelType.SMS, Locale.FRENCH), Content.text("Intervention {{job}}"));
    comms.templates().publish(tenant, "urgent", variants, "admin");
    clock.set(Instant.parse("2026-03-04T09:00:00Z"));

    Receipt unread =
        comms.send(
            Notification.event("job.urgent").to(technician).template("urgent").data("job", "J-1"));
    Receipt read =
        comms.send(
            Notification.event("job.urgent").to(technician).template("urgent").data("job", "J-2"));
    comms.dispatchDue();
    Delivery readEmail =
        comms.deliveries(tenant, read.messageId()).stream()
            .filter(d -> d.channel().equals(ChannelType.EMAIL))
            .findFirst()
            .orElseThrow();
    comms.track(tenant, readEmail.id(), DeliveryEvent.READ, null);

    // another node sends the escalation, from what the database holds
    Communication other = node(Communication.builder().policy(policy));
    clock.set(Instant.parse("2026-03-04T09:15:00Z"));
    other.dispatchDue();

    assertThat(sms.sent()).hasSize(1);
    assertThat(sms.sent().get(0).address()).isEqualTo("+33612345678");
    assertThat(sms.sent().get(0).content().text()).isEqualTo("Intervention J-1");
    Delivery escalation = smsOf(other, unread);
    assertThat(escalation.state()).isEqualTo(DeliveryState.SENT);
    assertThat(escalation.contact()).isEqualTo(new Contact("manager", "marie"));
    assertThat(other.timeline(tenant, unread.messageId()))
        .extracting(StateChange::detail)
        .contains("escalation to the manager 'marie' at +33612345678: email not read in time");
    assertThat(smsOf(other, read).state()).isEqualTo(DeliveryState.CANCELLED);
  }

  @Test
  void an_escalation_with_no_contact_in_the_role_is_stored_as_suppressed() {
    DeliveryPolicy policy =
        DeliveryPolicy.builder()
            .channels(ChannelType.EMAIL)
            .escalate(
                Escalation.ifUnread(Duration.ofMinutes(15), ChannelType.SMS).toContact("manager"))
            .build();
    Communication comms = node(Communication.builder().policy(policy));
    clock.set(Instant.parse("2026-03-04T09:00:00Z"));
    Receipt receipt =
        comms.send(
            Notification.event("job.urgent")
                .to(person("tom", "tom@example.com", "+14155550111", Locale.ENGLISH, PARIS))
                .content(Content.text("Job J-3")));
    comms.dispatchDue();

    Delivery suppressed = smsOf(comms, receipt);
    assertThat(suppressed.state()).isEqualTo(DeliveryState.SUPPRESSED);
    assertThat(comms.timeline(tenant, receipt.messageId()))
        .extracting(StateChange::detail)
        .contains("escalation not sent: no manager of 'tom' to escalate to on sms");
  }

  private Delivery smsOf(Communication comms, Receipt receipt) {
    return comms.deliveries(tenant, receipt.messageId()).stream()
        .filter(d -> d.channel().equals(ChannelType.SMS))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void the_unused_seed_tables_are_gone() throws Exception {
    node(Communication.builder());
    try (Connection c = database.connection()) {
      for (String table : List.of("channels", "delivery_policies", "templates")) {
        try (ResultSet rows =
            c.getMetaData().getTables(null, null, caseOf(c, table), new String[] {"TABLE"})) {
          boolean exists = false;
          while (rows.next()) {
            exists |= rows.getString("TABLE_SCHEM").equalsIgnoreCase("communication");
          }
          assertThat(exists).as(table).isEqualTo(table.equals("templates"));
        }
      }
    }
  }

  private static String caseOf(Connection c, String name) throws java.sql.SQLException {
    return c.getMetaData().storesUpperCaseIdentifiers() ? name.toUpperCase(Locale.ROOT) : name;
  }
}
