package dev.communicable.engine;

import static dev.communicable.delivery.DeliveryState.QUEUED;
import static dev.communicable.delivery.DeliveryState.SENT;
import static dev.communicable.engine.EngineFixture.TENANT;
import static dev.communicable.engine.EngineFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Content;
import dev.communicable.Notification;
import dev.communicable.Priority;
import dev.communicable.Receipt;
import dev.communicable.channel.ChannelType;
import dev.communicable.memory.SettableClock;
import dev.communicable.policy.QuietHours;
import dev.communicable.spi.QuietHoursRules;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A tenant's own quiet hours")
class TenantQuietHoursTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  /** 23:00 in New York on Monday 2026-03-02 (UTC-5). */
  private static final Instant LATE = Instant.parse("2026-03-03T04:00:00Z");

  private static final QuietHoursRules NO_SMS_AT_NIGHT =
      QuietHoursRules.of(
          Map.of(
              TENANT,
              Map.of(
                  ChannelType.SMS, QuietHours.between(LocalTime.of(22, 0), LocalTime.of(7, 0)))));

  private static Notification.Builder alert() {
    return Notification.event("alert")
        .to(user("nina", "nina@example.com", "+12125550100", NEW_YORK))
        .content(Content.text("Heads up"))
        .channels(ChannelType.EMAIL, ChannelType.SMS);
  }

  @Test
  void hold_the_channel_they_name_until_they_end_in_the_recipients_zone() {
    try (EngineFixture f =
        new EngineFixture(SettableClock.of(LATE), b -> b.quietHours(NO_SMS_AT_NIGHT))) {
      Receipt receipt = f.comms.send(alert());
      f.comms.dispatchDue();

      assertThat(f.only(receipt, ChannelType.EMAIL).state()).isEqualTo(SENT);
      assertThat(f.only(receipt, ChannelType.SMS).state()).isEqualTo(QUEUED);
      assertThat(f.only(receipt, ChannelType.SMS).scheduledAt())
          .isEqualTo(Instant.parse("2026-03-03T12:00:00Z"));
    }
  }

  @Test
  void let_a_critical_message_through_as_the_policys_own_do() {
    try (EngineFixture f =
        new EngineFixture(SettableClock.of(LATE), b -> b.quietHours(NO_SMS_AT_NIGHT))) {
      Receipt receipt = f.comms.send(alert().priority(Priority.CRITICAL));
      f.comms.dispatchDue();

      assertThat(f.only(receipt, ChannelType.SMS).state()).isEqualTo(SENT);
    }
  }
}
