package dev.communicable.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Communicable;
import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.memory.RecordingChannelAdapter;
import dev.communicable.memory.SettableClock;
import dev.communicable.schedule.SendWindow;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
