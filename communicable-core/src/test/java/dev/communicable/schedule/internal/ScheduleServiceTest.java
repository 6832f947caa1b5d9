package dev.communicable.schedule.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.schedule.Schedule;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ScheduleServiceTest {
  private static final Recipient KEN =
      new Recipient(
          "ken",
          "acme",
          Map.of(ChannelType.EMAIL, "ken@example.com"),
          Locale.JAPAN,
          ZoneOffset.UTC);

  private static Schedule schedule(String cron) {
    return Schedule.builder("s").cron(cron).to(KEN).event("e").template("t").build();
  }

  @Test
  @Timeout(5)
  void the_latest_missed_firing_of_a_minutely_schedule_is_found_after_a_year_down() {
    Instant due = Instant.parse("2025-03-01T00:00:00Z");
    Instant now = Instant.parse("2026-03-01T10:17:30Z");

    assertThat(ScheduleService.latestFiring(schedule("* * * * *"), due, now))
        .isEqualTo(Instant.parse("2026-03-01T10:17:00Z"));
  }

  @Test
  void the_latest_missed_firing_of_a_weekly_schedule_is_found_weeks_later() {
    // Mondays at 08:00; 2026-03-02 is a Monday.
    Instant due = Instant.parse("2026-03-02T08:00:00Z");
    Instant now = Instant.parse("2026-03-27T12:00:00Z");

    assertThat(ScheduleService.latestFiring(schedule("0 8 * * MON"), due, now))
        .isEqualTo(Instant.parse("2026-03-23T08:00:00Z"));
  }

  @Test
  void with_nothing_missed_the_due_firing_is_the_one_sent() {
    Instant due = Instant.parse("2026-03-02T08:00:00Z");

    assertThat(ScheduleService.latestFiring(schedule("0 8 * * *"), due, due)).isEqualTo(due);
    assertThat(
            ScheduleService.latestFiring(
                schedule("0 8 * * *"), due, Instant.parse("2026-03-03T07:59:59Z")))
        .isEqualTo(due);
  }

  @Test
  void the_first_run_honours_a_later_start_and_an_end_without_firings_gives_none() {
    Schedule starting =
        Schedule.builder("s")
            .cron("0 8 * * *")
            .to(KEN)
            .event("e")
            .template("t")
            .startAt(Instant.parse("2026-03-10T08:00:00Z"))
            .build();
    Schedule ended =
        Schedule.builder("s")
            .cron("0 8 * * *")
            .to(KEN)
            .event("e")
            .template("t")
            .endAt(Instant.parse("2026-03-01T07:00:00Z"))
            .build();
    Instant now = Instant.parse("2026-03-01T00:00:00Z");

    assertThat(ScheduleService.firstRun(starting, now))
        .isEqualTo(Instant.parse("2026-03-10T08:00:00Z"));
    assertThat(ScheduleService.firstRun(ended, now)).isNull();
  }
}
