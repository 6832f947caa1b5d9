package dev.communicable.engine;

import static dev.communicable.delivery.DeliveryState.DELIVERED;
import static dev.communicable.delivery.DeliveryState.QUEUED;
import static dev.communicable.delivery.DeliveryState.READ;
import static dev.communicable.delivery.DeliveryState.SENDING;
import static dev.communicable.delivery.DeliveryState.SENT;
import static dev.communicable.engine.EngineFixture.TENANT;
import static dev.communicable.engine.EngineFixture.alice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.NotFoundException;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.SendResult;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.memory.RecordingChannelAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Receipts that arrive out of order")
class ReceiptOrderTest {

  private static Notification.Builder hello() {
    return Notification.event("hello").to(alice()).content(Content.text("Hello"));
  }

  @Test
  void a_receipt_while_sending_is_applied_right_after_the_send_is_recorded() {
    try (EngineFixture f = new EngineFixture()) {
      List<Delivery> seenByProvider = new ArrayList<>();
      f.email.respondWith(
          m -> {
            // the provider's callback beats the worker's write
            seenByProvider.add(f.comms.track(TENANT, m.deliveryId(), DeliveryEvent.DELIVERED));
            return SendResult.accepted("smtp", "p-1");
          });
      Receipt receipt = f.comms.send(hello());

      f.comms.dispatchDue();

      assertThat(seenByProvider)
          .singleElement()
          .satisfies(d -> assertThat(d.state()).as("returned as it stood").isEqualTo(SENDING));
      Delivery email = f.only(receipt, ChannelType.EMAIL);
      assertThat(email.state()).isEqualTo(DELIVERED);
      assertThat(email.providerMessageId()).isEqualTo("p-1");
      assertThat(f.states(receipt, email)).containsExactly(QUEUED, SENDING, SENT, DELIVERED);
    }
  }

  @Test
  void
      a_receipt_under_a_provider_id_not_stored_yet_is_kept_and_applied_once_the_send_is_recorded() {
    try (EngineFixture f = new EngineFixture()) {
      f.email.respondWith(
          m -> {
            assertThatThrownBy(
                    () -> f.comms.trackByProviderId(TENANT, "p-early", DeliveryEvent.DELIVERED))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("p-early")
                .hasMessageContaining("kept");
            assertThatThrownBy(
                    () -> f.comms.trackByProviderId(TENANT, "p-early", DeliveryEvent.READ))
                .isInstanceOf(NotFoundException.class);
            return SendResult.accepted("smtp", "p-early");
          });
      Receipt receipt = f.comms.send(hello());

      f.comms.dispatchDue();

      Delivery email = f.only(receipt, ChannelType.EMAIL);
      assertThat(email.state()).isEqualTo(READ);
      assertThat(f.states(receipt, email)).containsExactly(QUEUED, SENDING, SENT, DELIVERED, READ);
    }
  }

  @Test
  void a_receipt_arriving_while_the_worker_writes_the_send_finds_the_delivery_and_is_applied() {
    try (EngineFixture f = new EngineFixture()) {
      f.email.respondWith(m -> SendResult.accepted("smtp", "p-2"));
      List<Delivery> answers = new ArrayList<>();
      AtomicBoolean once = new AtomicBoolean();
      f.deliveryStore.beforeUpdate =
          u -> {
            if (u.delivery().state() == SENT && once.compareAndSet(false, true)) {
              answers.add(f.comms.trackByProviderId(TENANT, "p-2", DeliveryEvent.DELIVERED));
            }
          };
      Receipt receipt = f.comms.send(hello());

      f.comms.dispatchDue();

      assertThat(answers).singleElement().satisfies(d -> assertThat(d.state()).isEqualTo(SENDING));
      assertThat(f.only(receipt, ChannelType.EMAIL).state()).isEqualTo(DELIVERED);
    }
  }

  @Test
  void duplicates_and_delivered_after_read_change_nothing() {
    try (EngineFixture f = new EngineFixture()) {
      Receipt receipt = f.comms.send(hello());
      f.comms.dispatchDue();
      Delivery email = f.only(receipt, ChannelType.EMAIL);

      assertThat(f.comms.track(TENANT, email.id(), DeliveryEvent.READ).state()).isEqualTo(READ);
      Delivery read = f.only(receipt, ChannelType.EMAIL);
      assertThat(f.comms.track(TENANT, email.id(), DeliveryEvent.READ)).isEqualTo(read);
      assertThat(f.comms.trackByProviderId(TENANT, "smtp-1", DeliveryEvent.DELIVERED))
          .isEqualTo(read);
      assertThat(f.comms.track(TENANT, email.id(), DeliveryEvent.DELIVERED)).isEqualTo(read);

      assertThat(f.states(receipt, email)).containsExactly(QUEUED, SENDING, SENT, READ);
    }
  }

  @Test
  void a_receipt_for_a_delivery_not_sent_is_stale_and_changes_nothing() {
    try (EngineFixture f = new EngineFixture()) {
      f.email.failNext(1, SendResult.permanent("smtp", "550", "mailbox unavailable"));
      Receipt queued = f.comms.send(hello());
      Delivery before = f.only(queued, ChannelType.EMAIL);

      assertThat(f.comms.track(TENANT, before.id(), DeliveryEvent.DELIVERED)).isEqualTo(before);

      f.comms.dispatchDue();
      Delivery failed = f.only(queued, ChannelType.EMAIL);
      assertThat(failed.state()).isEqualTo(DeliveryState.FAILED);
      assertThat(f.comms.track(TENANT, failed.id(), DeliveryEvent.READ)).isEqualTo(failed);
    }
  }

  @Test
  void a_receipt_parked_on_one_node_is_applied_when_another_node_records_the_send() {
    try (EngineFixture f = new EngineFixture()) {
      Receipt receipt = f.comms.send(hello());
      assertThatThrownBy(() -> f.comms.trackByProviderId(TENANT, "p-x", DeliveryEvent.DELIVERED))
          .isInstanceOf(NotFoundException.class);

      RecordingChannelAdapter otherSmtp =
          new RecordingChannelAdapter(ChannelType.EMAIL, "smtp")
              .respondWith(m -> SendResult.accepted("smtp", "p-x"));
      try (Communication other =
          Communication.builder()
              .stores(f.stores)
              .clock(f.clock)
              .workers(0)
              .adapter(otherSmtp)
              .build()) {
        assertThat(other.dispatchDue()).isEqualTo(1);
      }
      assertThat(f.only(receipt, ChannelType.EMAIL).state()).isEqualTo(SENT);

      f.clock.advance(Duration.ofSeconds(5)); // the next look at parked receipts
      f.comms.dispatchDue();

      assertThat(f.only(receipt, ChannelType.EMAIL).state()).isEqualTo(DELIVERED);
    }
  }

  @Test
  void a_parked_receipt_is_dropped_when_no_send_is_recorded_in_time() {
    try (EngineFixture f = new EngineFixture()) {
      Receipt receipt = f.comms.send(hello());
      assertThatThrownBy(() -> f.comms.trackByProviderId(TENANT, "p-late", DeliveryEvent.READ))
          .isInstanceOf(NotFoundException.class);
      f.clock.advance(Duration.ofMinutes(31));
      f.comms.dispatchDue(); // drops the receipt; the delivery goes out as smtp-1
      Delivery email = f.only(receipt, ChannelType.EMAIL);
      assertThat(email.state()).isEqualTo(SENT);

      f.email.respondWith(m -> SendResult.accepted("smtp", "p-late"));
      Receipt second = f.comms.send(hello());
      f.comms.dispatchDue();

      assertThat(f.only(second, ChannelType.EMAIL).state())
          .as("the receipt was dropped after 30 minutes")
          .isEqualTo(SENT);
    }
  }
}
