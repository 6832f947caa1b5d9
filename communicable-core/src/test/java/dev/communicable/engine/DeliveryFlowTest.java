package dev.communicable.engine;

import static dev.communicable.delivery.DeliveryState.CANCELLED;
import static dev.communicable.delivery.DeliveryState.DEAD_LETTERED;
import static dev.communicable.delivery.DeliveryState.DELIVERED;
import static dev.communicable.delivery.DeliveryState.EXPIRED;
import static dev.communicable.delivery.DeliveryState.FAILED;
import static dev.communicable.delivery.DeliveryState.QUEUED;
import static dev.communicable.delivery.DeliveryState.READ;
import static dev.communicable.delivery.DeliveryState.SENDING;
import static dev.communicable.delivery.DeliveryState.SENT;
import static dev.communicable.delivery.DeliveryState.SUPPRESSED;
import static dev.communicable.engine.EngineFixture.T0;
import static dev.communicable.engine.EngineFixture.TENANT;
import static dev.communicable.engine.EngineFixture.alice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.NotFoundException;
import dev.communicable.Notification;
import dev.communicable.Priority;
import dev.communicable.Receipt;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.StateChange;
import dev.communicable.memory.RecordingChannelAdapter;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.policy.QuietHours;
import dev.communicable.policy.Retry;
import dev.communicable.policy.Throttle;
import dev.communicable.spi.CommunicationEvent;
import dev.communicable.spi.EventBus;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Delivering a notification")
class DeliveryFlowTest {

  private static final Retry NO_JITTER_RETRY =
      Retry.schedule(Duration.ofMinutes(1), Duration.ofMinutes(5)).jitter(0);

  private static Notification.Builder paid(Recipient... to) {
    return Notification.event("invoice.paid")
        .to(to)
        .content(Content.builder().subject("Invoice {{n}}").text("Invoice {{n}} is paid").build())
        .data("n", "42");
  }

  @Test
  void returns_at_once_and_sends_on_dispatch_with_timeline_queued_sending_sent() {
    try (EngineFixture f = new EngineFixture()) {
      Receipt receipt = f.comms.send(paid(alice()));

      assertThat(receipt.duplicate()).isFalse();
      assertThat(receipt.deliveryIds()).hasSize(1);
      assertThat(f.email.sent()).as("nothing is sent by send() itself").isEmpty();

      assertThat(f.comms.dispatchDue()).isEqualTo(1);

      Delivery email = f.only(receipt, ChannelType.EMAIL);
      assertThat(email.state()).isEqualTo(SENT);
      assertThat(email.attempts()).isEqualTo(1);
      assertThat(email.providerMessageId()).isEqualTo("smtp-1");
      assertThat(f.states(receipt, email)).containsExactly(QUEUED, SENDING, SENT);

      OutboundMessage sent = f.email.sent().get(0);
      assertThat(sent.address()).isEqualTo("alice@example.com");
      assertThat(sent.content().subject()).isEqualTo("Invoice 42");
      assertThat(sent.content().text()).isEqualTo("Invoice 42 is paid");
      assertThat(sent.attempt()).isEqualTo(1);
      assertThat(sent.idempotencyKey()).isEqualTo(email.id().toString());

      List<DeliveryAttempt> attempts = f.deliveryStore.attempts(TENANT, email.id());
      assertThat(attempts)
          .singleElement()
          .satisfies(
              a -> {
                assertThat(a.number()).isEqualTo(1);
                assertThat(a.provider()).isEqualTo("smtp");
                assertThat(a.outcome()).isEqualTo(DeliveryAttempt.Outcome.ACCEPTED);
                assertThat(a.providerMessageId()).isEqualTo("smtp-1");
              });
      assertThat(f.comms.dispatchDue()).as("nothing left to do").isZero();
    }
  }

  @Test
  void renders_a_published_template_for_the_channel() {
    try (EngineFixture f = new EngineFixture()) {
      f.publish(
          "invoice-paid",
          Map.of(
              ChannelType.EMAIL,
              Content.builder().subject("Paid: {{amount}}").text("Thanks for {{amount}}").build()));
      f.comms.send(
          Notification.event("invoice.paid")
              .to(alice())
              .template("invoice-paid")
              .data("amount", "42.00"));
      f.comms.dispatchDue();

      assertThat(f.email.sent())
          .singleElement()
          .satisfies(
              m -> {
                assertThat(m.content().subject()).isEqualTo("Paid: 42.00");
                assertThat(m.content().text()).isEqualTo("Thanks for 42.00");
              });
    }
  }

  @Test
  void publishes_state_change_events_for_every_move() {
    List<CommunicationEvent> events = new CopyOnWriteArrayList<>();
    EventBus bus =
        new EventBus() {
          @Override
          public void publish(CommunicationEvent event) {
            events.add(event);
          }

          @Override
          public AutoCloseable subscribe(Consumer<CommunicationEvent> listener) {
            return () -> {};
          }
        };
    try (EngineFixture f = new EngineFixture(b -> b.eventBus(bus))) {
      Receipt receipt = f.comms.send(paid(alice()));
      f.comms.dispatchDue();

      assertThat(events)
          .filteredOn(e -> e.type().equals(CommunicationEvent.DELIVERY_STATE_CHANGED))
          .extracting(e -> e.attributes().get("to"))
          .containsExactly("QUEUED", "SENDING", "SENT");
      assertThat(events)
          .allSatisfy(
              e -> {
                assertThat(e.tenantId()).isEqualTo(TENANT);
                assertThat(e.attributes())
                    .containsEntry("messageId", receipt.messageId().toString());
              });
    }
  }

  @Nested
  @DisplayName("when the provider fails")
  class Failures {

    @Test
    void retries_with_backoff_then_succeeds() {
      try (EngineFixture f =
          new EngineFixture(
              b -> b.policy(DeliveryPolicy.builder().retry(NO_JITTER_RETRY).build()))) {
        f.email.failNext(2, SendResult.retryable("smtp", "503 busy"));
        Receipt receipt = f.comms.send(paid(alice()));

        f.comms.dispatchDue();
        Delivery afterFirst = f.only(receipt, ChannelType.EMAIL);
        assertThat(afterFirst.state()).isEqualTo(QUEUED);
        assertThat(afterFirst.attempts()).isEqualTo(1);
        assertThat(afterFirst.scheduledAt()).isEqualTo(T0.plus(Duration.ofMinutes(1)));
        assertThat(afterFirst.lastError()).contains("503 busy");

        assertThat(f.comms.dispatchDue()).as("not due before the backoff").isZero();
        f.clock.advance(Duration.ofMinutes(1));
        f.comms.dispatchDue();
        assertThat(f.only(receipt, ChannelType.EMAIL).scheduledAt())
            .isEqualTo(T0.plus(Duration.ofMinutes(6)));

        f.clock.advance(Duration.ofMinutes(5));
        f.comms.dispatchDue();
        Delivery done = f.only(receipt, ChannelType.EMAIL);
        assertThat(done.state()).isEqualTo(SENT);
        assertThat(done.attempts()).isEqualTo(3);
        assertThat(f.states(receipt, done))
            .containsExactly(QUEUED, SENDING, QUEUED, SENDING, QUEUED, SENDING, SENT);
        assertThat(f.deliveryStore.attempts(TENANT, done.id()))
            .extracting(DeliveryAttempt::number, DeliveryAttempt::outcome)
            .containsExactly(
                org.assertj.core.groups.Tuple.tuple(1, DeliveryAttempt.Outcome.RETRYABLE),
                org.assertj.core.groups.Tuple.tuple(2, DeliveryAttempt.Outcome.RETRYABLE),
                org.assertj.core.groups.Tuple.tuple(3, DeliveryAttempt.Outcome.ACCEPTED));
        assertThat(f.email.sent()).extracting(OutboundMessage::attempt).containsExactly(1, 2, 3);
      }
    }

    @Test
    void waits_at_least_as_long_as_the_provider_asks() {
      try (EngineFixture f =
          new EngineFixture(
              b -> b.policy(DeliveryPolicy.builder().retry(NO_JITTER_RETRY).build()))) {
        f.email.failNext(1, SendResult.retryable("smtp", "429", Duration.ofMinutes(10)));
        Receipt receipt = f.comms.send(paid(alice()));
        f.comms.dispatchDue();

        assertThat(f.only(receipt, ChannelType.EMAIL).scheduledAt())
            .isEqualTo(T0.plus(Duration.ofMinutes(10)));
      }
    }

    @Test
    void an_adapter_that_throws_is_retried_and_recorded_as_an_error() {
      try (EngineFixture f =
          new EngineFixture(
              b -> b.policy(DeliveryPolicy.builder().retry(NO_JITTER_RETRY).build()))) {
        f.email.throwNext(new IllegalStateException("connection reset"));
        Receipt receipt = f.comms.send(paid(alice()));
        f.comms.dispatchDue();

        Delivery email = f.only(receipt, ChannelType.EMAIL);
        assertThat(email.state()).isEqualTo(QUEUED);
        assertThat(f.deliveryStore.attempts(TENANT, email.id()))
            .singleElement()
            .satisfies(
                a -> {
                  assertThat(a.outcome()).isEqualTo(DeliveryAttempt.Outcome.ERROR);
                  assertThat(a.error()).contains("connection reset");
                });
      }
    }

    @Test
    void spent_retries_dead_letter_and_fall_back_to_sms() {
      DeliveryPolicy policy =
          DeliveryPolicy.builder()
              .retry(Retry.schedule(Duration.ofMinutes(1)).jitter(0))
              .fallback(ChannelType.EMAIL, ChannelType.SMS)
              .build();
      try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
        f.email.failNext(2, SendResult.retryable("smtp", "503"));
        Receipt receipt = f.comms.send(paid(alice()));
        f.comms.dispatchDue();
        assertThat(f.sms.sent()).isEmpty();

        f.clock.advance(Duration.ofMinutes(1));
        f.comms.dispatchDue();

        Delivery email = f.only(receipt, ChannelType.EMAIL);
        Delivery sms = f.only(receipt, ChannelType.SMS);
        assertThat(email.state()).isEqualTo(DEAD_LETTERED);
        assertThat(email.attempts()).isEqualTo(2);
        assertThat(sms.state()).isEqualTo(SENT);
        assertThat(f.sms.sent())
            .singleElement()
            .satisfies(
                m -> {
                  assertThat(m.address()).isEqualTo("+14155550101");
                  assertThat(m.content().text()).isEqualTo("Invoice 42 is paid");
                });
        assertThat(f.comms.deadLetters().list(TENANT, null, 10))
            .extracting(Delivery::id)
            .containsExactly(email.id());
        assertThat(f.comms.timeline(receipt))
            .filteredOn(c -> c.deliveryId().equals(sms.id()) && c.from() == null)
            .extracting(StateChange::detail)
            .containsExactly("fallback from email");
      }
    }

    @Test
    void a_permanent_refusal_fails_at_once_and_falls_back() {
      DeliveryPolicy policy =
          DeliveryPolicy.builder().fallback(ChannelType.EMAIL, ChannelType.SMS).build();
      try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
        f.email.failNext(1, SendResult.permanent("smtp", "550", "mailbox unknown"));
        Receipt receipt = f.comms.send(paid(alice()));
        f.comms.dispatchDue();

        Delivery email = f.only(receipt, ChannelType.EMAIL);
        assertThat(email.state()).isEqualTo(FAILED);
        assertThat(email.attempts()).isEqualTo(1);
        assertThat(email.lastError()).contains("550").contains("mailbox unknown");
        assertThat(f.only(receipt, ChannelType.SMS).state()).isEqualTo(SENT);
      }
    }

    @Test
    void fails_over_to_the_next_provider_of_the_channel() {
      RecordingChannelAdapter sendgrid = new RecordingChannelAdapter(ChannelType.EMAIL, "sendgrid");
      try (EngineFixture f = new EngineFixture(b -> b.adapter(sendgrid))) {
        f.email.failNext(1, SendResult.retryable("smtp", "connection refused"));
        Receipt receipt = f.comms.send(paid(alice()));
        f.comms.dispatchDue();

        Delivery email = f.only(receipt, ChannelType.EMAIL);
        assertThat(email.state()).isEqualTo(SENT);
        assertThat(email.providerMessageId()).isEqualTo("sendgrid-1");
        assertThat(email.attempts()).isEqualTo(1);
        assertThat(f.email.sent()).hasSize(1);
        assertThat(sendgrid.sent()).hasSize(1);
        assertThat(f.deliveryStore.attempts(TENANT, email.id()))
            .singleElement()
            .satisfies(a -> assertThat(a.provider()).isEqualTo("sendgrid"));
        assertThat(f.comms.timeline(receipt))
            .filteredOn(c -> c.to() == SENT)
            .extracting(StateChange::detail)
            .singleElement()
            .asString()
            .contains("accepted by sendgrid")
            .contains("smtp: connection refused");
      }
    }

    @Test
    void does_not_fail_over_on_a_permanent_refusal() {
      RecordingChannelAdapter sendgrid = new RecordingChannelAdapter(ChannelType.EMAIL, "sendgrid");
      try (EngineFixture f = new EngineFixture(b -> b.adapter(sendgrid))) {
        f.email.failNext(1, SendResult.permanent("smtp", "550", "no such user"));
        Receipt receipt = f.comms.send(paid(alice()));
        f.comms.dispatchDue();

        assertThat(f.only(receipt, ChannelType.EMAIL).state()).isEqualTo(FAILED);
        assertThat(sendgrid.sent()).isEmpty();
      }
    }

    @Test
    void a_revoked_push_token_is_deactivated_and_sms_takes_over() {
      DeliveryPolicy policy =
          DeliveryPolicy.builder()
              .channels(ChannelType.PUSH)
              .fallback(ChannelType.PUSH, ChannelType.SMS)
              .build();
      try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
        f.comms.devices().register(TENANT, "alice", "fcm", "token-1");
        f.push.failNext(1, SendResult.permanent("fcm", SendResult.ADDRESS_REVOKED, "unregistered"));
        Receipt receipt = f.comms.send(paid(alice()));
        f.comms.dispatchDue();

        assertThat(f.only(receipt, ChannelType.PUSH).state()).isEqualTo(FAILED);
        assertThat(f.push.sent())
            .extracting(OutboundMessage::address)
            .containsExactly("fcm:token-1");
        assertThat(f.comms.devices().active(TENANT, "alice")).isEmpty();
        assertThat(f.only(receipt, ChannelType.SMS).state()).isEqualTo(SENT);
      }
    }

    @Test
    void push_falls_back_only_when_no_device_was_reached() {
      DeliveryPolicy policy =
          DeliveryPolicy.builder()
              .channels(ChannelType.PUSH)
              .fallback(ChannelType.PUSH, ChannelType.SMS)
              .build();
      try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
        f.comms.devices().register(TENANT, "alice", "fcm", "old-phone");
        f.comms.devices().register(TENANT, "alice", "fcm", "new-phone");
        f.push.respondWith(
            m ->
                m.address().endsWith("old-phone")
                    ? SendResult.permanent("fcm", SendResult.ADDRESS_REVOKED, "unregistered")
                    : SendResult.accepted("fcm", "fcm-ok"));
        Receipt receipt = f.comms.send(paid(alice()));
        f.comms.dispatchDue();

        assertThat(f.deliveries(receipt))
            .extracting(Delivery::channel, Delivery::state)
            .containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(ChannelType.PUSH, FAILED),
                org.assertj.core.groups.Tuple.tuple(ChannelType.PUSH, SENT));
        assertThat(f.sms.sent()).isEmpty();
      }
    }
  }

  @Nested
  @DisplayName("policies that hold a delivery back")
  class Holding {

    @Test
    void a_throttled_delivery_is_deferred_to_exactly_when_a_slot_frees() {
      DeliveryPolicy policy =
          DeliveryPolicy.builder()
              .channels(ChannelType.SMS)
              .throttle(Throttle.perRecipient(ChannelType.SMS, 1, Duration.ofHours(1)))
              .build();
      try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
        Receipt first = f.comms.send(paid(alice()));
        f.comms.dispatchDue();
        f.clock.advance(Duration.ofMinutes(20));
        Receipt second = f.comms.send(paid(alice()));
        f.comms.dispatchDue();

        assertThat(f.only(first, ChannelType.SMS).state()).isEqualTo(SENT);
        Delivery held = f.only(second, ChannelType.SMS);
        assertThat(held.state()).isEqualTo(QUEUED);
        assertThat(held.attempts()).as("a deferral is not an attempt").isZero();
        assertThat(held.scheduledAt()).isEqualTo(T0.plus(Duration.ofHours(1)));
        assertThat(f.sms.sent()).hasSize(1);

        f.clock.set(T0.plus(Duration.ofHours(1)));
        f.comms.dispatchDue();
        assertThat(f.only(second, ChannelType.SMS).state()).isEqualTo(SENT);
      }
    }

    @Test
    void quiet_hours_in_the_recipients_zone_defer_to_their_end() {
      DeliveryPolicy policy =
          DeliveryPolicy.builder().quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)).build();
      try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
        // 04:00 UTC is 23:00 the evening before in New York (UTC-5 in early March)
        f.clock.set(Instant.parse("2026-03-02T04:00:00Z"));
        Recipient bob =
            EngineFixture.user("bob", "bob@example.com", null, ZoneId.of("America/New_York"));
        Receipt receipt = f.comms.send(paid(bob));
        f.comms.dispatchDue();

        Delivery held = f.only(receipt, ChannelType.EMAIL);
        assertThat(held.state()).isEqualTo(QUEUED);
        assertThat(held.scheduledAt()).isEqualTo(Instant.parse("2026-03-02T12:00:00Z"));
        assertThat(f.email.sent()).isEmpty();

        f.clock.set(Instant.parse("2026-03-02T12:00:00Z"));
        f.comms.dispatchDue();
        assertThat(f.only(receipt, ChannelType.EMAIL).state()).isEqualTo(SENT);
      }
    }

    @Test
    void critical_notifications_bypass_quiet_hours() {
      DeliveryPolicy policy =
          DeliveryPolicy.builder().quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)).build();
      try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
        f.clock.set(Instant.parse("2026-03-02T23:30:00Z"));
        Receipt receipt = f.comms.send(paid(alice()).priority(Priority.CRITICAL));
        f.comms.dispatchDue();

        assertThat(f.only(receipt, ChannelType.EMAIL).state()).isEqualTo(SENT);
      }
    }

    @Test
    void critical_notifications_wait_when_the_policy_forbids_the_bypass() {
      DeliveryPolicy policy =
          DeliveryPolicy.builder()
              .quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0))
              .criticalBypassesQuietHours(false)
              .build();
      try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
        f.clock.set(Instant.parse("2026-03-02T23:30:00Z"));
        Receipt receipt = f.comms.send(paid(alice()).priority(Priority.CRITICAL));
        f.comms.dispatchDue();

        assertThat(f.only(receipt, ChannelType.EMAIL).scheduledAt())
            .isEqualTo(Instant.parse("2026-03-03T07:00:00Z"));
      }
    }

    @Test
    void the_recipients_own_quiet_hours_are_honoured_too() {
      try (EngineFixture f = new EngineFixture()) {
        f.comms
            .preferences()
            .update(
                TENANT,
                "alice",
                "alice",
                null,
                e -> e.quietHours(QuietHours.between(LocalTime.of(11, 0), LocalTime.of(13, 30))));
        Receipt receipt = f.comms.send(paid(alice()));
        f.comms.dispatchDue();

        assertThat(f.only(receipt, ChannelType.EMAIL).scheduledAt())
            .isEqualTo(Instant.parse("2026-03-02T13:30:00Z"));
      }
    }

    @Test
    void in_app_messages_are_not_held_by_quiet_hours() {
      DeliveryPolicy policy =
          DeliveryPolicy.builder()
              .channels(ChannelType.IN_APP)
              .quietHours(LocalTime.of(11, 0), LocalTime.of(13, 0))
              .build();
      try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
        Receipt receipt = f.comms.send(paid(alice()));
        f.comms.dispatchDue();

        assertThat(f.only(receipt, ChannelType.IN_APP).state()).isEqualTo(SENT);
        assertThat(f.comms.inbox().unread(TENANT, "alice", 10))
            .singleElement()
            .satisfies(i -> assertThat(i.text()).isEqualTo("Invoice 42 is paid"));
      }
    }

    @Test
    void a_delivery_not_sent_before_its_expiry_expires() {
      DeliveryPolicy policy =
          DeliveryPolicy.builder()
              .retry(Retry.schedule(Duration.ofHours(2)).jitter(0))
              .expireAfter(Duration.ofHours(1))
              .build();
      try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
        f.email.failNext(1, SendResult.retryable("smtp", "503"));
        Receipt receipt = f.comms.send(paid(alice()));
        f.comms.dispatchDue();
        f.clock.advance(Duration.ofHours(2));
        f.comms.dispatchDue();

        assertThat(f.only(receipt, ChannelType.EMAIL).state()).isEqualTo(EXPIRED);
        assertThat(f.email.sent()).hasSize(1);
      }
    }

    @Test
    void a_scheduled_send_waits_for_its_time() {
      try (EngineFixture f = new EngineFixture()) {
        Receipt receipt = f.comms.send(paid(alice()).sendAt(T0.plus(Duration.ofHours(3))));
        assertThat(f.comms.dispatchDue()).isZero();
        f.clock.advance(Duration.ofHours(3));
        assertThat(f.comms.dispatchDue()).isEqualTo(1);
        assertThat(f.only(receipt, ChannelType.EMAIL).state()).isEqualTo(SENT);
      }
    }

    @Test
    void cancelling_stops_what_is_not_sent_yet() {
      try (EngineFixture f = new EngineFixture()) {
        Receipt receipt = f.comms.send(paid(alice()).sendAt(T0.plus(Duration.ofHours(3))));
        assertThat(f.comms.cancel(TENANT, receipt.messageId())).isEqualTo(1);
        f.clock.advance(Duration.ofHours(3));
        f.comms.dispatchDue();

        assertThat(f.only(receipt, ChannelType.EMAIL).state()).isEqualTo(CANCELLED);
        assertThat(f.email.sent()).isEmpty();
        assertThatThrownBy(
                () ->
                    f.comms.cancel(
                        TENANT, new dev.communicable.MessageId(java.util.UUID.randomUUID())))
            .isInstanceOf(NotFoundException.class);
      }
    }
  }

  @Nested
  @DisplayName("escalation")
  class Escalations {

    private final DeliveryPolicy policy =
        DeliveryPolicy.builder()
            .channels(ChannelType.EMAIL, ChannelType.IN_APP)
            .escalateIfUnread(Duration.ofHours(2), ChannelType.SMS)
            .build();

    @Test
    void escalates_to_sms_when_not_read_in_time() {
      try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
        Receipt receipt = f.comms.send(paid(alice()));
        f.comms.dispatchDue();

        Delivery escalation = f.only(receipt, ChannelType.SMS);
        assertThat(escalation.state()).isEqualTo(QUEUED);
        assertThat(escalation.scheduledAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
        assertThat(escalation.escalationOf()).isNotNull();
        assertThat(f.sms.sent()).isEmpty();

        f.clock.advance(Duration.ofHours(2));
        f.comms.dispatchDue();
        assertThat(f.only(receipt, ChannelType.SMS).state()).isEqualTo(SENT);
        assertThat(f.sms.sent()).hasSize(1);
      }
    }

    @Test
    void reading_the_in_app_item_cancels_the_escalation() {
      try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
        Receipt receipt = f.comms.send(paid(alice()));
        f.comms.dispatchDue();
        Delivery inApp = f.only(receipt, ChannelType.IN_APP);

        f.clock.advance(Duration.ofMinutes(30));
        assertThat(f.comms.inbox().markRead(TENANT, "alice", inApp.id())).isTrue();

        assertThat(f.only(receipt, ChannelType.IN_APP).state()).isEqualTo(READ);
        assertThat(f.only(receipt, ChannelType.SMS).state()).isEqualTo(CANCELLED);
        assertThat(f.comms.inbox().unreadCount(TENANT, "alice")).isZero();
        f.clock.advance(Duration.ofHours(2));
        f.comms.dispatchDue();
        assertThat(f.sms.sent()).isEmpty();
      }
    }

    @Test
    void a_read_receipt_for_the_email_cancels_the_escalation() {
      try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
        Receipt receipt = f.comms.send(paid(alice()));
        f.comms.dispatchDue();

        Delivery read = f.comms.trackByProviderId(TENANT, "smtp-1", DeliveryEvent.READ);

        assertThat(read.state()).isEqualTo(READ);
        assertThat(f.only(receipt, ChannelType.SMS).state()).isEqualTo(CANCELLED);
      }
    }
  }

  @Nested
  @DisplayName("receipts")
  class Receipts {

    @Test
    void delivered_then_read_advance_the_state_and_repeats_change_nothing() {
      try (EngineFixture f = new EngineFixture()) {
        Receipt receipt = f.comms.send(paid(alice()));
        f.comms.dispatchDue();
        Delivery email = f.only(receipt, ChannelType.EMAIL);

        assertThat(f.comms.track(TENANT, email.id(), DeliveryEvent.DELIVERED).state())
            .isEqualTo(DELIVERED);
        assertThat(f.comms.trackByProviderId(TENANT, "smtp-1", DeliveryEvent.DELIVERED).state())
            .isEqualTo(DELIVERED);
        assertThat(f.comms.track(TENANT, email.id(), DeliveryEvent.READ).state()).isEqualTo(READ);
        assertThat(f.states(receipt, email))
            .containsExactly(QUEUED, SENDING, SENT, DELIVERED, READ);
      }
    }

    @Test
    void refuses_what_is_not_a_receipt_or_does_not_exist() {
      try (EngineFixture f = new EngineFixture()) {
        Receipt receipt = f.comms.send(paid(alice()));
        Delivery email = f.only(receipt, ChannelType.EMAIL);

        assertThatThrownBy(() -> f.comms.track(TENANT, email.id(), DeliveryEvent.CANCEL))
            .isInstanceOf(InvalidRequestException.class)
            .hasMessageContaining("event");
        assertThatThrownBy(() -> f.comms.trackByProviderId(TENANT, "nope", DeliveryEvent.READ))
            .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> f.comms.track("other-tenant", email.id(), DeliveryEvent.READ))
            .isInstanceOf(NotFoundException.class);
      }
    }
  }

  @Nested
  @DisplayName("preferences")
  class Preferring {

    private final DeliveryPolicy policy =
        DeliveryPolicy.builder().fallback(ChannelType.EMAIL, ChannelType.SMS).build();

    @Test
    void an_opted_out_channel_is_suppressed_and_the_fallback_is_used() {
      try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
        f.comms
            .preferences()
            .update(
                TENANT,
                "alice",
                "alice",
                "too much mail",
                e -> e.channel(ChannelType.EMAIL, false));
        Receipt receipt = f.comms.send(paid(alice()));

        Delivery email = f.only(receipt, ChannelType.EMAIL);
        assertThat(email.state()).isEqualTo(SUPPRESSED);
        assertThat(f.comms.timeline(receipt))
            .filteredOn(c -> c.deliveryId().equals(email.id()))
            .extracting(StateChange::detail)
            .containsExactly("opted out by the recipient");
        f.comms.dispatchDue();
        assertThat(f.email.sent()).isEmpty();
        assertThat(f.only(receipt, ChannelType.SMS).state()).isEqualTo(SENT);
      }
    }

    @Test
    void an_opt_out_after_sending_suppresses_at_dispatch_and_falls_back() {
      try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
        Receipt receipt = f.comms.send(paid(alice()));
        f.comms
            .preferences()
            .update(
                TENANT,
                "alice",
                "alice",
                null,
                e -> e.topic("invoice.paid", ChannelType.EMAIL, false));
        f.comms.dispatchDue();

        assertThat(f.states(receipt, f.only(receipt, ChannelType.EMAIL)))
            .containsExactly(QUEUED, SENDING, SUPPRESSED);
        assertThat(f.only(receipt, ChannelType.SMS).state()).isEqualTo(SENT);
        assertThat(f.email.sent()).isEmpty();
      }
    }

    @Test
    void an_authorizer_refusal_suppresses() {
      try (EngineFixture f =
          new EngineFixture(
              b ->
                  b.policy(policy)
                      .authorizer(
                          (tenant, sender, recipient, topic, channel) ->
                              !ChannelType.EMAIL.equals(channel)))) {
        Receipt receipt = f.comms.send(paid(alice()));
        f.comms.dispatchDue();

        assertThat(f.only(receipt, ChannelType.EMAIL).state()).isEqualTo(SUPPRESSED);
        assertThat(f.only(receipt, ChannelType.SMS).state()).isEqualTo(SENT);
      }
    }

    @Test
    void a_muted_recipient_still_gets_critical_messages() {
      try (EngineFixture f = new EngineFixture()) {
        f.comms.preferences().update(TENANT, "alice", "alice", null, e -> e.muted(true));
        Receipt normal = f.comms.send(paid(alice()));
        Receipt critical = f.comms.send(paid(alice()).priority(Priority.CRITICAL));
        f.comms.dispatchDue();

        assertThat(f.only(normal, ChannelType.EMAIL).state()).isEqualTo(SUPPRESSED);
        assertThat(f.only(critical, ChannelType.EMAIL).state()).isEqualTo(SENT);
      }
    }
  }

  @Test
  void the_same_idempotency_key_returns_the_first_receipt_and_sends_once() {
    try (EngineFixture f = new EngineFixture()) {
      Receipt first = f.comms.send(paid(alice()).idempotencyKey("invoice-42-paid"));
      Receipt again = f.comms.send(paid(alice()).idempotencyKey("invoice-42-paid"));
      f.comms.dispatchDue();

      assertThat(first.duplicate()).isFalse();
      assertThat(again.duplicate()).isTrue();
      assertThat(again.messageId()).isEqualTo(first.messageId());
      assertThat(again.deliveryIds()).isEqualTo(first.deliveryIds());
      assertThat(f.email.sent()).hasSize(1);
    }
  }
}
