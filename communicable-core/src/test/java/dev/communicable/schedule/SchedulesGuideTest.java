package dev.communicable.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.memory.RecordingChannelAdapter;
import dev.communicable.memory.SettableClock;
import dev.communicable.template.Template;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The daily reminder of docs/schedules.md, as written there. */
class SchedulesGuideTest {

  @Test
  void the_daily_reminder_of_the_guide_sends_twenty_reminders_at_nine_new_york_time() {
    SettableClock clock = SettableClock.of(Instant.parse("2026-03-01T00:00:00Z"));
    RecordingChannelAdapter email = new RecordingChannelAdapter(ChannelType.EMAIL, "smtp");
    try (Communication comms =
        Communication.builder().clock(clock).workers(0).adapter(email).build()) {
      comms
          .templates()
          .publish(
              "acme",
              "daily-reminder",
              Map.of(
                  Template.Variant.of(ChannelType.EMAIL),
                  Content.builder()
                      .subject("Your daily reminder")
                      .text("Good morning, {{name}}")
                      .build()),
              "admin");

      Recipient ann =
          new Recipient(
              "ann",
              "acme",
              Map.of(ChannelType.EMAIL, "ann@example.com"),
              Locale.US,
              ZoneId.of("America/New_York"));

      comms
          .schedules()
          .save(
              Schedule.builder("daily-reminder:ann")
                  .cron("0 9 * * *")
                  .to(ann)
                  .event("reminder.daily")
                  .template("daily-reminder")
                  .data("name", "Ann")
                  .endAt(Instant.parse("2026-03-20T23:00:00Z"))
                  .build());

      assertThat(comms.schedules().upcoming("acme", "daily-reminder:ann", 3))
          .containsExactly(
              Instant.parse("2026-03-01T14:00:00Z"),
              Instant.parse("2026-03-02T14:00:00Z"),
              Instant.parse("2026-03-03T14:00:00Z"));

      for (int hour = 0; hour < 24 * 21; hour++) {
        clock.advance(Duration.ofHours(1));
        comms.dispatchDue();
      }
      assertThat(email.sent()).hasSize(20);
      assertThat(email.sent().get(0).content().text()).isEqualTo("Good morning, Ann");
    }
  }
}
