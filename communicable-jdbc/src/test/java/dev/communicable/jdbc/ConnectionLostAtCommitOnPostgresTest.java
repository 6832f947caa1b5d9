package dev.communicable.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.communicable.Communicable;
import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.SendResult;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.jdbc.DroppedCommits.When;
import dev.communicable.memory.RecordingChannelAdapter;
import dev.communicable.memory.SettableClock;
import dev.communicable.spi.CommunicationEvent;
import dev.communicable.spi.EventBus;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("A worker whose connection is terminated while it commits its outcomes (PostgreSQL)")
class ConnectionLostAtCommitOnPostgresTest {
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final Duration LEASE = Duration.ofMinutes(1);
  private static final String TENANT = "acme";

  private final SettableClock clock = SettableClock.of(T0);
  private final RecordingChannelAdapter email =
      new RecordingChannelAdapter(ChannelType.EMAIL, "smtp");
  private final List<CommunicationEvent> published = new CopyOnWriteArrayList<>();
  private TestDatabase database;
  private DroppedCommits dropped;
  private JdbcStores stores;
  private Communication comms;

  @BeforeEach
  void start() {
    database = TestDatabase.postgres(4);
    dropped = new DroppedCommits(database.stores().dataSource());
    stores = JdbcStores.postgres(dropped.dataSource());
    comms =
        Communication.builder()
            .stores(stores)
            .eventBus(stateChangesInto(published))
            .adapter(email)
            .clock(clock)
            .workers(0)
            .lease(LEASE)
            .build();
  }

  @AfterEach
  void stop() {
    comms.close();
    stores.close();
    database.close();
  }

  @Test
  void a_commit_whose_answer_is_lost_is_read_back_and_carried_on_once_without_sending_again() {
    AtomicInteger ids = new AtomicInteger();
    List<Delivery> early = new CopyOnWriteArrayList<>();
    email.respondWith(
        m -> {
          int n = ids.incrementAndGet();
          if (n == 2) {
            // the first send's outcome waits in the batch; its receipt comes now and is parked
            early.add(comms.trackByProviderId(TENANT, "p-1", DeliveryEvent.DELIVERED));
          }
          return SendResult.accepted("smtp", "p-" + n);
        });
    Receipt receipt = comms.send(toTwo());
    dropped.dropNextOutcomeWrite(When.AFTER_COMMIT);

    comms.dispatchDue();

    assertThat(dropped.dropped()).isEqualTo(1);
    assertThat(early).singleElement().extracting(Delivery::state).isEqualTo(DeliveryState.SENDING);
    assertThat(sentAnnouncements()).hasSize(2).doesNotHaveDuplicates();
    assertThat(deliveries(receipt))
        .as("the parked receipt is applied")
        .extracting(Delivery::providerMessageId, Delivery::state)
        .containsExactlyInAnyOrder(
            tuple("p-1", DeliveryState.DELIVERED), tuple("p-2", DeliveryState.SENT));

    clock.advance(LEASE.plusSeconds(1));
    assertThat(comms.dispatchDue()).as("nothing is left to take over").isZero();
    assertThat(email.sent()).as("each delivery sent once").hasSize(2);
  }

  @Test
  void a_write_cut_off_before_its_commit_is_written_again_on_a_fresh_connection() {
    Receipt receipt = comms.send(toTwo());
    dropped.dropNextOutcomeWrite(When.BEFORE_COMMIT);

    comms.dispatchDue();

    assertThat(dropped.dropped()).isEqualTo(1);
    assertThat(deliveries(receipt)).extracting(Delivery::state).containsOnly(DeliveryState.SENT);
    assertThat(sentAnnouncements()).hasSize(2).doesNotHaveDuplicates();

    clock.advance(LEASE.plusSeconds(1));
    assertThat(comms.dispatchDue()).as("nothing is left to take over").isZero();
    assertThat(email.sent()).as("each delivery sent once").hasSize(2);
  }

  private Notification.Builder toTwo() {
    return Notification.event("order.shipped")
        .to(List.of(person("ann"), person("bob")))
        .content(Content.text("Shipped"))
        .channels(ChannelType.EMAIL);
  }

  private static Communicable person(String id) {
    return new Recipient(
        id,
        TENANT,
        Map.of(ChannelType.EMAIL, id + "@example.com"),
        Locale.ENGLISH,
        ZoneId.of("UTC"));
  }

  private List<Delivery> deliveries(Receipt receipt) {
    return comms.deliveries(receipt.tenantId(), receipt.messageId());
  }

  /** The deliveries announced SENT, one entry per announcement. */
  private List<String> sentAnnouncements() {
    return published.stream()
        .filter(e -> "SENT".equals(e.attributes().get("to")))
        .map(e -> e.attributes().get("deliveryId"))
        .toList();
  }

  /** An event bus that keeps every {@code delivery.state_changed} event in {@code published}. */
  private static EventBus stateChangesInto(List<CommunicationEvent> published) {
    return new EventBus() {
      @Override
      public void publish(CommunicationEvent event) {
        if (event.type().equals(CommunicationEvent.DELIVERY_STATE_CHANGED)) {
          published.add(event);
        }
      }

      @Override
      public AutoCloseable subscribe(Consumer<CommunicationEvent> listener) {
        return () -> {};
      }
    };
  }
}
