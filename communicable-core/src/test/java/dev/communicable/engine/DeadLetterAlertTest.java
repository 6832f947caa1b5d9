package dev.communicable.engine;

import static dev.communicable.engine.EngineFixture.T0;
import static dev.communicable.engine.EngineFixture.TENANT;
import static dev.communicable.engine.EngineFixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.Notification;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.SendResult;
import dev.communicable.delivery.DeadLetterAlert;
import dev.communicable.delivery.DeadLetterAlert.Crossing;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.policy.Retry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

@DisplayName("Dead-letter alerts")
class DeadLetterAlertTest {
  private static final DeliveryPolicy NO_RETRY =
      DeliveryPolicy.builder()
          .channels(ChannelType.EMAIL, ChannelType.SMS)
          .retry(Retry.none())
          .build();

  private final List<Crossing> heard = new ArrayList<>();

  /** Sends to {@code n} people of {@code tenant}, every email and SMS failing for good. */
  private static void deadLetter(EngineFixture f, String tenant, int n, boolean sms) {
    f.email.respondWith(m -> SendResult.retryable("smtp", "503 down"));
    f.sms.respondWith(
        m ->
            sms ? SendResult.retryable("twilio", "503 down") : SendResult.accepted("twilio", null));
    for (int i = 0; i < n; i++) {
      Recipient who =
          new Recipient(
              "u-" + f.clock.instant().toEpochMilli() + "-" + i,
              tenant,
              Map.of(
                  ChannelType.EMAIL,
                  "u" + i + "@example.com",
                  ChannelType.SMS,
                  "+1415555010" + (i % 10)),
              Locale.ENGLISH,
              java.time.ZoneOffset.UTC);
      f.comms.send(Notification.event("hello").to(who).content(Content.text("Hello")));
    }
    f.comms.dispatchDue();
  }

  private EngineFixture fixture(DeadLetterAlert alert) {
    return new EngineFixture(b -> b.policy(NO_RETRY).deadLetterAlert(alert, heard::add));
  }

  @Test
  void tells_the_listener_once_when_a_tenants_dead_letters_reach_the_threshold() {
    DeadLetterAlert alert = DeadLetterAlert.when(3).perTenant().within(Duration.ofMinutes(10));
    try (EngineFixture f = fixture(alert)) {
      deadLetter(f, TENANT, 2, false);
      assertThat(heard).isEmpty();

      deadLetter(f, TENANT, 1, false);
      assertThat(heard).singleElement().isEqualTo(new Crossing(alert, TENANT, null, 3, 3, T0));

      deadLetter(f, TENANT, 5, false);
      assertThat(heard).as("not again while the count stays above").hasSize(1);
    }
  }

  @Test
  void counts_each_tenant_apart() {
    DeadLetterAlert alert = DeadLetterAlert.when(2).within(Duration.ofMinutes(10));
    try (EngineFixture f = fixture(alert)) {
      deadLetter(f, TENANT, 1, false);
      deadLetter(f, "globex", 1, false);
      assertThat(heard).isEmpty();

      deadLetter(f, "globex", 1, false);
      assertThat(heard).extracting(Crossing::tenantId).containsExactly("globex");
    }
  }

  @Test
  void is_told_again_only_after_the_count_fell_back_below_the_threshold() {
    DeadLetterAlert alert = DeadLetterAlert.when(2).perTenant().within(Duration.ofMinutes(12));
    try (EngineFixture f = fixture(alert)) {
      deadLetter(f, TENANT, 2, false);
      assertThat(heard).hasSize(1);

      f.clock.advance(Duration.ofMinutes(6));
      deadLetter(f, TENANT, 1, false);
      assertThat(heard).as("three within the window: still above").hasSize(1);

      f.clock.advance(Duration.ofMinutes(7)); // the first two have left the window: one left
      deadLetter(f, TENANT, 1, false);
      assertThat(heard).as("it fell below, then reached the threshold again").hasSize(2);
      deadLetter(f, TENANT, 1, false);
      assertThat(heard).hasSize(2);

      f.clock.advance(Duration.ofMinutes(13)); // all have left the window
      deadLetter(f, TENANT, 1, false);
      assertThat(heard).as("one: below the threshold").hasSize(2);
      deadLetter(f, TENANT, 1, false);
      assertThat(heard).hasSize(3);
      assertThat(heard.get(2).at()).isEqualTo(f.clock.instant());
    }
  }

  @Test
  void per_channel_counts_one_channels_dead_letters_over_all_tenants() {
    DeadLetterAlert alert = DeadLetterAlert.when(3).perChannel().within(Duration.ofMinutes(10));
    try (EngineFixture f = fixture(alert)) {
      deadLetter(f, TENANT, 2, false); // two emails; the SMS go out
      deadLetter(f, "globex", 1, true); // one email, one SMS

      assertThat(heard)
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.channel()).isEqualTo(ChannelType.EMAIL);
                assertThat(c.tenantId()).isNull();
                assertThat(c.count()).isEqualTo(3);
              });
    }
  }

  @Test
  void a_listener_that_throws_is_logged_and_the_engine_goes_on() {
    DeadLetterAlert alert = DeadLetterAlert.when(1).perTenant();
    try (EngineFixture f =
        new EngineFixture(
            b ->
                b.policy(NO_RETRY)
                    .deadLetterAlert(
                        alert,
                        c -> {
                          throw new IllegalStateException("pager down");
                        })
                    .deadLetterAlert(alert.perChannel(), heard::add))) {
      deadLetter(f, TENANT, 1, false);

      assertThat(heard).hasSize(1);
      f.email.respondWith(m -> SendResult.accepted("smtp", null));
      var receipt =
          f.comms.send(
              Notification.event("hello")
                  .to(user("zoe", "zoe@example.com", null))
                  .content(Content.text("Hi")));
      f.comms.dispatchDue();
      assertThat(f.only(receipt, ChannelType.EMAIL).state()).isEqualTo(DeliveryState.SENT);
    }
  }

  @Test
  void the_listener_is_called_by_the_orchestration_round_not_by_the_worker() {
    List<String> threads = new ArrayList<>();
    DeadLetterAlert alert = DeadLetterAlert.when(1);
    try (EngineFixture f =
        new EngineFixture(
            b ->
                b.policy(NO_RETRY)
                    .deadLetterAlert(alert, c -> threads.add(Thread.currentThread().getName())))) {
      deadLetter(f, TENANT, 1, false);

      assertThat(threads).containsExactly(Thread.currentThread().getName());
    }
  }

  @Nested
  @DisplayName("refuses, naming the field")
  class Refusals {
    @Test
    void a_threshold_below_one_or_a_window_out_of_range() {
      assertThatThrownBy(() -> DeadLetterAlert.when(0))
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> assertThat(e.field()).isEqualTo("deadLetterAlert.threshold"));
      assertThatThrownBy(() -> DeadLetterAlert.when(1).within(Duration.ofSeconds(1)))
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> assertThat(e.field()).isEqualTo("deadLetterAlert.window"));
      assertThatThrownBy(() -> DeadLetterAlert.when(1).within(Duration.ofDays(30)))
          .isInstanceOf(InvalidRequestException.class);
    }

    @Test
    void a_null_alert_or_listener_or_too_many_alerts() {
      Communication.Builder b = Communication.builder();
      assertThatThrownBy(() -> b.deadLetterAlert(null, c -> {}))
          .isInstanceOf(InvalidRequestException.class);
      assertThatThrownBy(() -> b.deadLetterAlert(DeadLetterAlert.when(1), null))
          .isInstanceOf(InvalidRequestException.class);
      for (int i = 0; i < Communication.Builder.MAX_DEAD_LETTER_ALERTS; i++) {
        b.deadLetterAlert(DeadLetterAlert.when(1), c -> {});
      }
      assertThatThrownBy(() -> b.deadLetterAlert(DeadLetterAlert.when(1), c -> {}))
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> assertThat(e.field()).isEqualTo("deadLetterAlert"));
    }
  }
}
