package dev.communicable.engine;

import static dev.communicable.delivery.DeliveryState.CANCELLED;
import static dev.communicable.delivery.DeliveryState.DELIVERED;
import static dev.communicable.delivery.DeliveryState.FAILED;
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
import dev.communicable.InvalidRequestException;
import dev.communicable.NotFoundException;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.SendResult;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.StateChange;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.spi.DeliveryUpdate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A provider reports a message it accepted as undelivered")
class UndeliveredReceiptTest {
  private static final DeliveryPolicy SMS_THEN_EMAIL =
      DeliveryPolicy.builder()
          .channels(ChannelType.SMS)
          .fallback(ChannelType.SMS, ChannelType.EMAIL)
          .build();
  private static final DeliveryPolicy EMAIL_THEN_SMS =
      DeliveryPolicy.builder()
          .channels(ChannelType.EMAIL)
          .fallback(ChannelType.EMAIL, ChannelType.SMS)
          .build();

  private static Notification.Builder hello() {
    return Notification.event("hello").to(alice()).content(Content.text("Hello"));
  }

  /** The updates that moved a delivery to FAILED, as the store received them. */
  private static List<DeliveryUpdate> failures(EngineFixture f) {
    List<DeliveryUpdate> seen = new ArrayList<>();
    f.deliveryStore.beforeUpdate =
        u -> {
          if (u.delivery().state() == FAILED) {
            seen.add(u);
          }
        };
    return seen;
  }

  @Test
  void an_sms_reported_undelivered_fails_and_falls_back_to_email_in_one_write() {
    try (EngineFixture f = new EngineFixture(b -> b.policy(SMS_THEN_EMAIL))) {
      Receipt receipt = f.comms.send(hello());
      f.comms.dispatchDue();
      assertThat(f.only(receipt, ChannelType.SMS).state()).isEqualTo(SENT);
      assertThat(f.email.sent()).isEmpty();
      List<DeliveryUpdate> writes = failures(f);

      Delivery failed =
          f.comms.trackByProviderId(
              TENANT, "twilio-1", DeliveryEvent.UNDELIVERED, "twilio undelivered, error 30003");

      assertThat(failed.state()).isEqualTo(FAILED);
      assertThat(failed.attempts()).as("a report is not an attempt").isEqualTo(1);
      assertThat(failed.lastError())
          .isEqualTo("undelivered, reported by provider: twilio undelivered, error 30003");
      assertThat(writes)
          .singleElement()
          .satisfies(
              u -> {
                assertThat(u.attempt()).isNull();
                assertThat(u.change().detail()).contains("30003");
                assertThat(u.followUps())
                    .singleElement()
                    .satisfies(
                        next -> {
                          assertThat(next.channel()).isEqualTo(ChannelType.EMAIL);
                          assertThat(next.route().address()).isEqualTo("alice@example.com");
                          assertThat(next.state()).isEqualTo(QUEUED);
                          assertThat(next.fallbacks()).isEmpty();
                        });
              });
      assertThat(f.states(receipt, failed)).containsExactly(QUEUED, SENDING, SENT, FAILED);

      f.comms.dispatchDue();

      assertThat(f.only(receipt, ChannelType.EMAIL).state()).isEqualTo(SENT);
      assertThat(f.email.sent()).hasSize(1);
    }
  }

  @Test
  void a_bounce_after_delivered_fails_the_delivery_and_falls_back() {
    try (EngineFixture f = new EngineFixture(b -> b.policy(EMAIL_THEN_SMS))) {
      Receipt receipt = f.comms.send(hello());
      f.comms.dispatchDue();
      Delivery email = f.only(receipt, ChannelType.EMAIL);
      assertThat(f.comms.track(TENANT, email.id(), DeliveryEvent.DELIVERED).state())
          .isEqualTo(DELIVERED);

      Delivery bounced =
          f.comms.track(TENANT, email.id(), DeliveryEvent.UNDELIVERED, "550 5.1.1 no such user");
      f.comms.dispatchDue();

      assertThat(bounced.state()).isEqualTo(FAILED);
      assertThat(f.states(receipt, email))
          .containsExactly(QUEUED, SENDING, SENT, DELIVERED, FAILED);
      assertThat(f.only(receipt, ChannelType.SMS).state()).isEqualTo(SENT);
      assertThat(f.comms.timeline(receipt))
          .filteredOn(c -> c.to() == FAILED)
          .extracting(StateChange::detail)
          .containsExactly("undelivered, reported by provider: 550 5.1.1 no such user");
    }
  }

  @Test
  void a_read_message_stays_read_whatever_a_late_report_says() {
    try (EngineFixture f = new EngineFixture(b -> b.policy(EMAIL_THEN_SMS))) {
      Receipt receipt = f.comms.send(hello());
      f.comms.dispatchDue();
      Delivery email = f.only(receipt, ChannelType.EMAIL);
      Delivery read = f.comms.track(TENANT, email.id(), DeliveryEvent.READ);

      assertThat(f.comms.track(TENANT, email.id(), DeliveryEvent.UNDELIVERED, "bounce"))
          .isEqualTo(read);
      f.comms.dispatchDue();

      assertThat(f.deliveries(receipt)).singleElement().isEqualTo(read);
      assertThat(f.sms.sent()).isEmpty();
    }
  }

  @Test
  void a_duplicate_undelivered_report_changes_nothing_and_falls_back_once() {
    try (EngineFixture f = new EngineFixture(b -> b.policy(SMS_THEN_EMAIL))) {
      Receipt receipt = f.comms.send(hello());
      f.comms.dispatchDue();
      Delivery failed =
          f.comms.trackByProviderId(TENANT, "twilio-1", DeliveryEvent.UNDELIVERED, "30003");
      List<DeliveryUpdate> writes = failures(f);

      assertThat(f.comms.trackByProviderId(TENANT, "twilio-1", DeliveryEvent.UNDELIVERED, "30003"))
          .isEqualTo(failed);
      assertThat(f.comms.track(TENANT, failed.id(), DeliveryEvent.UNDELIVERED)).isEqualTo(failed);
      assertThat(f.comms.track(TENANT, failed.id(), DeliveryEvent.DELIVERED)).isEqualTo(failed);
      f.comms.dispatchDue();

      assertThat(writes).isEmpty();
      assertThat(f.states(receipt, failed)).containsExactly(QUEUED, SENDING, SENT, FAILED);
      assertThat(f.deliveries(receipt))
          .filteredOn(d -> d.channel() == ChannelType.EMAIL)
          .hasSize(1);
      assertThat(f.email.sent()).hasSize(1);
    }
  }

  @Test
  void an_undelivered_report_for_a_delivery_not_sent_is_stale() {
    try (EngineFixture f = new EngineFixture(b -> b.policy(SMS_THEN_EMAIL))) {
      Receipt receipt = f.comms.send(hello());
      Delivery queued = f.only(receipt, ChannelType.SMS);

      assertThat(f.comms.track(TENANT, queued.id(), DeliveryEvent.UNDELIVERED, "30003"))
          .isEqualTo(queued);
      assertThat(f.deliveries(receipt)).singleElement().isEqualTo(queued);
    }
  }

  @Test
  void
      an_undelivered_report_while_sending_is_applied_with_its_fallback_once_the_send_is_recorded() {
    try (EngineFixture f = new EngineFixture(b -> b.policy(SMS_THEN_EMAIL))) {
      List<Delivery> seenByProvider = new ArrayList<>();
      f.sms.respondWith(
          m -> {
            // the carrier's failure report beats the worker's write of the send
            seenByProvider.add(
                f.comms.track(TENANT, m.deliveryId(), DeliveryEvent.UNDELIVERED, "30005"));
            return SendResult.accepted("twilio", "SM-early");
          });
      Receipt receipt = f.comms.send(hello());

      f.comms.dispatchDue();

      assertThat(seenByProvider).singleElement().extracting(Delivery::state).isEqualTo(SENDING);
      Delivery sms = f.only(receipt, ChannelType.SMS);
      assertThat(sms.state()).isEqualTo(FAILED);
      assertThat(sms.providerMessageId()).isEqualTo("SM-early");
      assertThat(sms.lastError()).endsWith("30005");
      assertThat(f.states(receipt, sms)).containsExactly(QUEUED, SENDING, SENT, FAILED);
      assertThat(f.only(receipt, ChannelType.EMAIL).state()).isEqualTo(SENT);
    }
  }

  @Test
  void an_undelivered_report_under_a_provider_id_not_stored_yet_is_kept_with_its_detail() {
    try (EngineFixture f = new EngineFixture(b -> b.policy(SMS_THEN_EMAIL))) {
      f.sms.respondWith(
          m -> {
            assertThatThrownBy(
                    () ->
                        f.comms.trackByProviderId(
                            TENANT, "SM-1", DeliveryEvent.UNDELIVERED, "error 30003"))
                .isInstanceOf(NotFoundException.class);
            return SendResult.accepted("twilio", "SM-1");
          });
      Receipt receipt = f.comms.send(hello());

      f.comms.dispatchDue();

      Delivery sms = f.only(receipt, ChannelType.SMS);
      assertThat(sms.state()).isEqualTo(FAILED);
      assertThat(sms.lastError()).endsWith("error 30003");
      assertThat(f.only(receipt, ChannelType.EMAIL).state()).isEqualTo(SENT);
    }
  }

  @Test
  void delivered_and_undelivered_waiting_together_end_as_a_bounce() {
    try (EngineFixture f = new EngineFixture(b -> b.policy(EMAIL_THEN_SMS))) {
      f.email.respondWith(
          m -> {
            f.comms.track(TENANT, m.deliveryId(), DeliveryEvent.UNDELIVERED, "5.2.2 mailbox full");
            f.comms.track(TENANT, m.deliveryId(), DeliveryEvent.DELIVERED);
            return SendResult.accepted("smtp", "p-1");
          });
      Receipt receipt = f.comms.send(hello());

      f.comms.dispatchDue();

      Delivery email = f.only(receipt, ChannelType.EMAIL);
      assertThat(f.states(receipt, email))
          .containsExactly(QUEUED, SENDING, SENT, DELIVERED, FAILED);
      assertThat(f.only(receipt, ChannelType.SMS).state()).isEqualTo(SENT);
    }
  }

  @Test
  void read_and_undelivered_waiting_together_end_as_read() {
    try (EngineFixture f = new EngineFixture(b -> b.policy(EMAIL_THEN_SMS))) {
      f.email.respondWith(
          m -> {
            f.comms.track(TENANT, m.deliveryId(), DeliveryEvent.UNDELIVERED, "bounce");
            f.comms.track(TENANT, m.deliveryId(), DeliveryEvent.READ);
            return SendResult.accepted("smtp", "p-1");
          });
      Receipt receipt = f.comms.send(hello());

      f.comms.dispatchDue();

      assertThat(f.deliveries(receipt)).singleElement().extracting(Delivery::state).isEqualTo(READ);
      assertThat(f.sms.sent()).isEmpty();
    }
  }

  @Test
  void a_push_reported_revoked_deactivates_the_device_and_sms_takes_over() {
    DeliveryPolicy policy =
        DeliveryPolicy.builder()
            .channels(ChannelType.PUSH)
            .fallback(ChannelType.PUSH, ChannelType.SMS)
            .build();
    try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
      f.comms.devices().register(TENANT, "alice", "fcm", "token-1");
      Receipt receipt = f.comms.send(hello());
      f.comms.dispatchDue();
      Delivery push = f.only(receipt, ChannelType.PUSH);

      f.comms.track(
          TENANT,
          push.id(),
          DeliveryEvent.UNDELIVERED,
          SendResult.ADDRESS_REVOKED + ": token unregistered");
      f.comms.dispatchDue();

      assertThat(f.only(receipt, ChannelType.PUSH).state()).isEqualTo(FAILED);
      assertThat(f.comms.devices().active(TENANT, "alice")).isEmpty();
      assertThat(f.only(receipt, ChannelType.SMS).state()).isEqualTo(SENT);
    }
  }

  @Test
  void a_push_reported_undelivered_for_another_reason_keeps_the_device() {
    DeliveryPolicy policy =
        DeliveryPolicy.builder()
            .channels(ChannelType.PUSH)
            .fallback(ChannelType.PUSH, ChannelType.SMS)
            .build();
    try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
      f.comms.devices().register(TENANT, "alice", "fcm", "token-1");
      Receipt receipt = f.comms.send(hello());
      f.comms.dispatchDue();

      f.comms.track(
          TENANT,
          f.only(receipt, ChannelType.PUSH).id(),
          DeliveryEvent.UNDELIVERED,
          "message expired on the device");

      assertThat(f.comms.devices().active(TENANT, "alice")).hasSize(1);
    }
  }

  @Test
  void an_escalation_to_the_channel_the_fallback_already_used_is_not_sent_twice() {
    DeliveryPolicy policy =
        DeliveryPolicy.builder()
            .channels(ChannelType.EMAIL)
            .fallback(ChannelType.EMAIL, ChannelType.SMS)
            .escalateIfUnread(Duration.ofHours(2), ChannelType.SMS)
            .build();
    try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
      Receipt receipt = f.comms.send(hello());
      f.comms.dispatchDue();
      Delivery email = f.only(receipt, ChannelType.EMAIL);
      f.comms.track(TENANT, email.id(), DeliveryEvent.UNDELIVERED, "550 no such user");
      f.comms.dispatchDue();
      assertThat(f.sms.sent()).hasSize(1);

      f.clock.advance(Duration.ofHours(2));
      f.comms.dispatchDue();

      assertThat(f.sms.sent()).as("the fallback already reached alice by SMS").hasSize(1);
      assertThat(f.deliveries(receipt))
          .filteredOn(d -> d.escalationOf() != null)
          .singleElement()
          .extracting(Delivery::state)
          .isEqualTo(CANCELLED);
    }
  }

  @Test
  void other_events_are_not_receipts_and_long_details_are_cut() {
    try (EngineFixture f = new EngineFixture(b -> b.policy(SMS_THEN_EMAIL))) {
      Receipt receipt = f.comms.send(hello());
      f.comms.dispatchDue();
      Delivery sms = f.only(receipt, ChannelType.SMS);

      assertThatThrownBy(() -> f.comms.track(TENANT, sms.id(), DeliveryEvent.REJECTED, "x"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("event")
          .hasMessageContaining("DELIVERED, READ or UNDELIVERED")
          .hasMessageContaining("REJECTED");
      assertThat(f.only(receipt, ChannelType.SMS)).isEqualTo(sms);

      Delivery failed =
          f.comms.track(TENANT, sms.id(), DeliveryEvent.UNDELIVERED, "  " + "e".repeat(900));

      String prefix = "undelivered, reported by provider: ";
      assertThat(failed.lastError())
          .hasSize(prefix.length() + Communication.MAX_RECEIPT_DETAIL)
          .startsWith(prefix + "eee");
    }
  }
}
