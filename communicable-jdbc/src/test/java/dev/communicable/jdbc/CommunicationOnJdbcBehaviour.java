package dev.communicable.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.communicable.Communicable;
import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.NotFoundException;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.memory.RecordingChannelAdapter;
import dev.communicable.memory.SettableClock;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.policy.Retry;
import dev.communicable.template.Template;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code Communication} on the JDBC stores, several instances sharing one database as nodes would;
 * run on H2 and on PostgreSQL by the subclasses.
 */
abstract class CommunicationOnJdbcBehaviour {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

  TestDatabase database;
  final List<Communication> nodes = new ArrayList<>();
  final Map<DeliveryId, AtomicInteger> sends = CountingAdapter.newLedger();
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

  private Communication node(Communication.Builder builder) {
    Communication node = builder.build();
    nodes.add(node);
    return node;
  }

  private Communicable user(int i) {
    return new Recipient(
        "user-" + i,
        tenant,
        Map.of(ChannelType.EMAIL, "user-" + i + "@example.com"),
        Locale.ENGLISH,
        ZoneId.of("UTC"));
  }

  private Notification.Builder notification(List<Communicable> to) {
    return Notification.event("order.shipped")
        .to(to)
        .content(Content.builder().subject("Shipped").text("Order {{order}} shipped").build())
        .data("order", "A-1")
        .channels(ChannelType.EMAIL);
  }

  private long count(String table) throws SQLException {
    try (Connection c = database.connection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select count(*) from communication." + table)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private long countSent() throws SQLException {
    try (Connection c = database.connection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("select count(*) from communication.deliveries where status = 'SENT'")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  /**
   * Bounded twice: the drain must finish within two minutes (it took 65-80 s on our 2-core machine
   * while other builds ran on it, load average 7-11), and the whole test, enqueue and shutdown
   * included, fails after three minutes even if something hangs.
   */
  @Test
  @Timeout(value = 180, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void four_nodes_drain_twenty_thousand_deliveries_sending_each_exactly_once() throws Exception {
    for (int n = 0; n < 4; n++) {
      node(
          Communication.builder()
              .stores(database.anotherNode())
              .adapter(new CountingAdapter(sends))
              .workers(2)
              .batchSize(100)
              .pollInterval(Duration.ofMillis(200))
              .workerId("node-" + n));
    }
    List<Communicable> people = new ArrayList<>();
    for (int i = 0; i < 10_000; i++) {
      people.add(user(i));
    }
    nodes.get(0).send(notification(people));
    nodes.get(1).send(notification(people).data("order", "A-2"));

    await("four nodes draining 20,000 deliveries")
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .untilAsserted(() -> assertThat(countSent()).as("deliveries SENT").isEqualTo(20_000));

    assertThat(sends).hasSize(20_000);
    assertThat(sends.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
    assertThat(count("deliveries")).isEqualTo(20_000);
  }

  @Test
  void a_worker_stopped_hard_mid_batch_loses_nothing_and_only_its_in_flight_delivery_is_sent_twice()
      throws Exception {
    SettableClock clock = SettableClock.of(T0);
    Duration lease = Duration.ofMinutes(1);
    CountingAdapter dying = new CountingAdapter(sends, 5);
    Communication doomed =
        node(
            Communication.builder()
                .stores(database.anotherNode())
                .adapter(dying)
                .clock(clock)
                .workers(1)
                .batchSize(50)
                .lease(lease)
                .shutdownTimeout(Duration.ofMillis(200))
                .pollInterval(Duration.ofMillis(50))
                .workerId("doomed"));
    List<Communicable> people = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      people.add(user(i));
    }
    doomed.send(notification(people));
    await().atMost(Duration.ofSeconds(30)).until(() -> dying.hanging.getCount() == 0);

    for (int n = 0; n < 2; n++) {
      node(
          Communication.builder()
              .stores(database.anotherNode())
              .adapter(new CountingAdapter(sends))
              .clock(clock)
              .workers(1)
              .batchSize(50)
              .lease(lease)
              .pollInterval(Duration.ofMillis(50))
              .workerId("survivor-" + n));
    }
    // The survivors send everything but the doomed worker's leased batch (50, 5 of them sent).
    await().atMost(Duration.ofSeconds(60)).until(() -> sends.size() == 300 - 50 + 5);
    assertThat(sends.keySet()).hasSize(255);
    // The stuck worker's watch writes the outcomes of the four it finished while it hangs in the
    // fifth, before its lease runs out: only the fifth is left to be sent again.
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> countSent() == 300 - 50 + 4);

    clock.advance(lease.plusSeconds(1));

    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(() -> countSent() == 300);
    assertThat(sends).hasSize(300);
    List<DeliveryId> twice =
        sends.entrySet().stream()
            .filter(e -> e.getValue().get() > 1)
            .map(Map.Entry::getKey)
            .toList();
    assertThat(twice).containsExactly(dying.inFlight);

    CompletableFuture<Void> stopping = CompletableFuture.runAsync(doomed::close);
    dying.release.countDown();
    stopping.get();
  }

  /** What the adapter throws to stand for a process that dies in the middle of a send. */
  private static final class WorkerDeath extends Error {
    private static final long serialVersionUID = 1L;

    WorkerDeath() {
      super("the process died while sending");
    }
  }

  @Test
  void
      a_delivery_that_kills_every_worker_is_dead_lettered_after_three_take_overs_instead_of_looping()
          throws Exception {
    SettableClock clock = SettableClock.of(T0);
    Duration lease = Duration.ofMinutes(1);
    DeliveryPolicy threeAttempts =
        DeliveryPolicy.builder()
            .retry(Retry.schedule(Duration.ofMinutes(1), Duration.ofMinutes(1)).jitter(0))
            .build();
    AtomicInteger entered = new AtomicInteger();
    ChannelAdapter poisoned =
        new ChannelAdapter() {
          @Override
          public ChannelType channel() {
            return ChannelType.EMAIL;
          }

          @Override
          public String provider() {
            return "poisoned";
          }

          @Override
          public SendResult send(OutboundMessage message) {
            entered.incrementAndGet();
            throw new WorkerDeath();
          }
        };
    List<Communication> twoNodes = new ArrayList<>();
    for (String name : List.of("node-a", "node-b")) {
      twoNodes.add(
          node(
              Communication.builder()
                  .stores(database.anotherNode())
                  .adapter(poisoned)
                  .policy(threeAttempts)
                  .clock(clock)
                  .lease(lease)
                  .workers(0)
                  .workerId(name)));
    }
    Receipt receipt = twoNodes.get(0).send(notification(List.of(user(1))));

    for (int round = 0; round < 3; round++) {
      Communication node = twoNodes.get(round % 2);
      assertThatThrownBy(node::dispatchDue).isInstanceOf(WorkerDeath.class);
      assertThat(twoNodes.get(1 - round % 2).dispatchDue())
          .as("nobody takes it while the lease of the dead worker holds")
          .isZero();
      clock.advance(lease.plusSeconds(1));
    }
    assertThat(twoNodes.get(1).dispatchDue()).as("the third take-over processes it").isOne();
    assertThat(entered).as("without entering the adapter again").hasValue(3);

    Delivery email = twoNodes.get(0).deliveries(tenant, receipt.messageId()).get(0);
    assertThat(email.state()).isEqualTo(DeliveryState.DEAD_LETTERED);
    assertThat(email.attempts()).as("a take-over is not an attempt").isZero();
    assertThat(email.lastError())
        .isEqualTo(
            "taken over 3 times, each time after its worker's lease ran out while sending (last"
                + " worker node-a/caller)");
    assertThat(database.stores().deliveries().attempts(tenant, email.id())).isEmpty();
    assertThat(database.stores().deliveries().find(tenant, email.id()))
        .hasValueSatisfying(s -> assertThat(s.takeovers()).isEqualTo(3));
    assertThat(count("dead_letters")).isOne();
    clock.advance(Duration.ofDays(1));
    assertThat(twoNodes.get(0).dispatchDue()).as("it loops no more").isZero();
    assertThat(twoNodes.get(1).dispatchDue()).isZero();
    assertThat(entered).hasValue(3);
  }

  @Test
  void a_queued_message_renders_the_template_version_it_was_accepted_with_on_any_node() {
    RecordingChannelAdapter email = new RecordingChannelAdapter(ChannelType.EMAIL, "smtp");
    Communication accepting =
        node(Communication.builder().stores(database.anotherNode()).adapter(email).workers(0));
    Communication sending =
        node(Communication.builder().stores(database.anotherNode()).adapter(email).workers(0));
    accepting
        .templates()
        .publish(
            tenant,
            "welcome",
            Map.of(Template.Variant.of(ChannelType.EMAIL), Content.text("Hello {{name}}")),
            "ann");
    Receipt queued =
        accepting.send(
            Notification.event("welcome").to(user(1)).template("welcome").data("name", "Ann"));

    sending
        .templates()
        .publish(
            tenant,
            "welcome",
            Map.of(Template.Variant.of(ChannelType.EMAIL), Content.text("Hi {{name}} {{code}}")),
            "bob");
    assertThat(sending.dispatchDue()).isEqualTo(1);

    assertThat(email.sent()).extracting(m -> m.content().text()).containsExactly("Hello Ann");
    assertThat(sending.deliveries(tenant, queued.messageId()))
        .extracting(Delivery::state)
        .containsExactly(DeliveryState.SENT);
  }

  @Test
  void a_send_inside_the_callers_transaction_exists_only_if_it_commits() throws Exception {
    Communication comms =
        node(
            Communication.builder()
                .stores(database.anotherNode())
                .adapter(new CountingAdapter(sends))
                .workers(0));

    Receipt rolledBack;
    try (Connection conn = database.connection()) {
      conn.setAutoCommit(false);
      rolledBack = comms.within(JdbcOutbox.of(conn)).send(notification(List.of(user(1))));
      conn.rollback();
    }
    assertThatThrownBy(() -> comms.deliveries(tenant, rolledBack.messageId()))
        .isInstanceOf(NotFoundException.class);
    assertThat(count("messages")).isZero();
    assertThat(count("deliveries")).isZero();
    assertThat(count("delivery_events")).isZero();
    assertThat(comms.dispatchDue()).isZero();

    Receipt committed;
    try (Connection conn = database.connection()) {
      conn.setAutoCommit(false);
      committed = comms.within(JdbcOutbox.of(conn)).send(notification(List.of(user(2))));
      Receipt pending = committed;
      assertThatThrownBy(() -> comms.deliveries(tenant, pending.messageId()))
          .as("invisible to others before the commit")
          .isInstanceOf(NotFoundException.class);
      conn.commit();
    }
    assertThat(comms.dispatchDue()).isEqualTo(1);
    assertThat(comms.deliveries(tenant, committed.messageId()))
        .extracting(d -> d.state())
        .containsExactly(DeliveryState.SENT);
    assertThat(sends).hasSize(1);
  }

  @Test
  void a_send_through_the_callers_jooq_transaction_rolls_back_with_it() throws Exception {
    Communication comms =
        node(
            Communication.builder()
                .stores(database.anotherNode())
                .adapter(new CountingAdapter(sends))
                .workers(0));
    DSLContext app =
        DSL.using(
            database.stores().dataSource(),
            kind() == TestDatabase.Kind.H2 ? org.jooq.SQLDialect.H2 : org.jooq.SQLDialect.POSTGRES);

    assertThatThrownBy(
            () ->
                app.transaction(
                    cfg -> {
                      comms.within(JdbcOutbox.of(cfg.dsl())).send(notification(List.of(user(1))));
                      throw new IllegalStateException("the order could not be saved");
                    }))
        .hasMessageContaining("the order could not be saved");
    assertThat(count("messages")).isZero();

    app.transaction(
        cfg -> {
          comms.within(JdbcOutbox.of(cfg.dsl())).send(notification(List.of(user(2))));
        });
    assertThat(count("messages")).isOne();
    assertThat(comms.dispatchDue()).isEqualTo(1);
  }

  @Test
  void bad_input_gets_a_clear_error_and_changes_nothing() throws Exception {
    Communication comms =
        node(
            Communication.builder()
                .stores(database.anotherNode())
                .adapter(new CountingAdapter(sends))
                .maxDataBytes(1_024)
                .workers(0));
    Receipt receipt = comms.send(notification(List.of(user(1))));
    DeliveryId stored = comms.deliveries(tenant, receipt.messageId()).get(0).id();
    long messages = count("messages");
    long events = count("delivery_events");

    assertThatThrownBy(() -> comms.send(notification(List.of(user(2))).tenant("globex")))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("recipients[0].tenantId"))
        .hasMessageContaining("globex");
    assertThatThrownBy(
            () -> comms.track(tenant, new DeliveryId(UUID.randomUUID()), DeliveryEvent.DELIVERED))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("delivery");
    assertThatThrownBy(() -> comms.track("globex", stored, DeliveryEvent.DELIVERED))
        .isInstanceOf(NotFoundException.class)
        .hasMessageContaining("globex");
    assertThatThrownBy(
            () -> comms.send(notification(List.of(user(3))).data("note", "x".repeat(2_000))))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).startsWith("data"));

    assertThat(count("messages")).isEqualTo(messages);
    assertThat(count("delivery_events")).isEqualTo(events);
    assertThat(comms.deliveries(tenant, receipt.messageId()))
        .extracting(d -> d.state())
        .containsExactly(DeliveryState.QUEUED);
  }
}
