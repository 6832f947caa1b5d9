package dev.communicable.engine;

import static dev.communicable.delivery.DeliveryState.QUEUED;
import static dev.communicable.delivery.DeliveryState.SENT;
import static dev.communicable.engine.EngineFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Content;
import dev.communicable.Notification;
import dev.communicable.Priority;
import dev.communicable.Receipt;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.SendResult;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.Message;
import dev.communicable.memory.SettableClock;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.policy.Retry;
import dev.communicable.schedule.SendWindow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A notification's send window")
class SendWindowTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final SendWindow OFFICE_HOURS =
      SendWindow.weekdays(LocalTime.of(9, 0), LocalTime.of(18, 0));

  /** Tuesday 2026-03-03, 20:00 in Paris (UTC+1). */
  private static final Instant TUESDAY_EVENING = Instant.parse("2026-03-03T19:00:00Z");

  private static final Instant WEDNESDAY_NINE = Instant.parse("2026-03-04T08:00:00Z");

  private static Notification.Builder hello() {
    return Notification.event("hello")
        .to(user("pierre", "pierre@example.com", "+33612345678", PARIS))
        .content(Content.text("Bonjour"))
        .channels(ChannelType.EMAIL);
  }

  @Test
  void a_message_accepted_at_eight_in_the_evening_goes_out_at_nine_the_next_weekday() {
    try (EngineFixture f = new EngineFixture(SettableClock.of(TUESDAY_EVENING), b -> b)) {
      Receipt receipt = f.comms.send(hello().window(OFFICE_HOURS));

      f.comms.dispatchDue();
      Delivery waiting = f.only(receipt, ChannelType.EMAIL);
      assertThat(waiting.state()).isEqualTo(QUEUED);
      assertThat(waiting.scheduledAt()).isEqualTo(WEDNESDAY_NINE);
      assertThat(f.email.sent()).isEmpty();
      assertThat(f.timeline(receipt.messageId()))
          .anyMatch(c -> c.detail() != null && c.detail().contains("outside its send window"));

      f.clock.set(WEDNESDAY_NINE);
      f.comms.dispatchDue();
      assertThat(f.only(receipt, ChannelType.EMAIL).state()).isEqualTo(SENT);
      assertThat(f.email.sent()).hasSize(1);
    }
  }

  @Test
  void a_message_accepted_on_friday_evening_waits_until_monday_morning() {
    Instant fridayEvening = Instant.parse("2026-03-06T19:00:00Z");
    try (EngineFixture f = new EngineFixture(SettableClock.of(fridayEvening), b -> b)) {
      Receipt receipt = f.comms.send(hello().window(OFFICE_HOURS));
      f.comms.dispatchDue();

      assertThat(f.only(receipt, ChannelType.EMAIL).scheduledAt())
          .isEqualTo(Instant.parse("2026-03-09T08:00:00Z"));
    }
  }

  @Test
  void a_message_inside_its_window_goes_out_at_once() {
    try (EngineFixture f = new EngineFixture(SettableClock.of(WEDNESDAY_NINE), b -> b)) {
      Receipt receipt = f.comms.send(hello().window(OFFICE_HOURS));
      f.comms.dispatchDue();

      assertThat(f.only(receipt, ChannelType.EMAIL).state()).isEqualTo(SENT);
    }
  }

  @Test
  void a_retry_that_falls_due_after_the_window_closed_waits_for_the_next_opening() {
    Instant late = Instant.parse("2026-03-04T16:59:00Z"); // 17:59 in Paris
    DeliveryPolicy retryInAnHour =
        DeliveryPolicy.builder().retry(Retry.schedule(Duration.ofHours(1)).jitter(0)).build();
    try (EngineFixture f =
        new EngineFixture(SettableClock.of(late), b -> b.policy(retryInAnHour))) {
      f.email.failNext(1, SendResult.retryable("smtp", "421 try later"));
      Receipt receipt = f.comms.send(hello().window(OFFICE_HOURS));
      f.comms.dispatchDue();
      assertThat(f.email.sent()).hasSize(1);

      f.clock.advance(Duration.ofHours(1));
      f.comms.dispatchDue();
      assertThat(f.email.sent()).hasSize(1);
      assertThat(f.only(receipt, ChannelType.EMAIL).scheduledAt())
          .isEqualTo(Instant.parse("2026-03-05T08:00:00Z"));
    }
  }

  @Test
  void a_fallback_made_after_the_window_closed_waits_for_the_next_opening() {
    Instant late = Instant.parse("2026-03-04T16:59:00Z"); // 17:59 in Paris
    DeliveryPolicy fallback =
        DeliveryPolicy.builder().fallback(ChannelType.EMAIL, ChannelType.SMS).build();
    try (EngineFixture f = new EngineFixture(SettableClock.of(late), b -> b.policy(fallback))) {
      // the provider answers only after two minutes, when the window has closed
      f.email.respondWith(
          m -> {
            f.clock.advance(Duration.ofMinutes(2));
            return SendResult.permanent("smtp", "550", "mailbox unavailable");
          });
      Receipt receipt = f.comms.send(hello().window(OFFICE_HOURS));
      f.comms.dispatchDue();

      assertThat(f.email.sent()).hasSize(1);
      assertThat(f.sms.sent()).isEmpty();
      Delivery sms = f.only(receipt, ChannelType.SMS);
      assertThat(sms.state()).isEqualTo(QUEUED);
      assertThat(sms.scheduledAt()).isEqualTo(Instant.parse("2026-03-05T08:00:00Z"));
    }
  }

  @Test
  void a_critical_message_waits_for_its_window_too() {
    try (EngineFixture f = new EngineFixture(SettableClock.of(TUESDAY_EVENING), b -> b)) {
      Receipt receipt = f.comms.send(hello().priority(Priority.CRITICAL).window(OFFICE_HOURS));
      f.comms.dispatchDue();

      assertThat(f.only(receipt, ChannelType.EMAIL).scheduledAt()).isEqualTo(WEDNESDAY_NINE);
    }
  }

  @Test
  void the_window_is_stored_with_the_message_and_not_passed_to_the_adapters() {
    try (EngineFixture f = new EngineFixture(SettableClock.of(WEDNESDAY_NINE), b -> b)) {
      Receipt receipt =
          f.comms.send(hello().metadata("replyTo", "a@example.com").window(OFFICE_HOURS));
      f.comms.dispatchDue();

      Message stored =
          f.memory.deliveries().message(receipt.tenantId(), receipt.messageId()).orElseThrow();
      assertThat(stored.window()).contains(OFFICE_HOURS);
      assertThat(stored.metadata()).containsEntry(Message.WINDOW_KEY, "MON-FRI 09:00-18:00");
      assertThat(f.email.sent().get(0).metadata()).containsOnlyKeys("replyTo");
    }
  }

  @Test
  void the_same_idempotency_key_with_another_window_is_reported_as_different() {
    try (EngineFixture f = new EngineFixture(SettableClock.of(WEDNESDAY_NINE), b -> b)) {
      f.comms.send(hello().idempotencyKey("k-1").window(OFFICE_HOURS));
      Receipt again =
          f.comms.send(
              hello()
                  .idempotencyKey("k-1")
                  .window(SendWindow.daily(LocalTime.of(8, 0), LocalTime.of(20, 0))));

      assertThat(again.duplicate()).isTrue();
      assertThat(again.contentDiffered()).isTrue();
    }
  }
}
