package dev.communicable.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SendWindowTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final SendWindow OFFICE =
      SendWindow.weekdays(LocalTime.of(9, 0), LocalTime.of(18, 0));

  @Test
  void an_instant_inside_the_local_hours_of_a_listed_day_is_inside() {
    // Tuesday 2026-12-01 10:00 in New York is 15:00Z.
    assertThat(OFFICE.contains(Instant.parse("2026-12-01T15:00:00Z"), NEW_YORK)).isTrue();
    assertThat(OFFICE.nextOpening(Instant.parse("2026-12-01T15:00:00Z"), NEW_YORK))
        .isEqualTo(Instant.parse("2026-12-01T15:00:00Z"));
  }

  @Test
  void the_opening_time_is_inside_and_the_closing_time_is_not() {
    assertThat(OFFICE.contains(Instant.parse("2026-12-01T14:00:00Z"), NEW_YORK)).isTrue();
    assertThat(OFFICE.contains(Instant.parse("2026-12-01T23:00:00Z"), NEW_YORK)).isFalse();
  }

  @Test
  void after_closing_the_next_opening_is_the_next_morning() {
    assertThat(OFFICE.nextOpening(Instant.parse("2026-12-01T23:30:00Z"), NEW_YORK))
        .isEqualTo(Instant.parse("2026-12-02T14:00:00Z"));
  }

  @Test
  void on_friday_evening_the_next_opening_is_monday_morning() {
    // Friday 2026-12-04 19:00 New York.
    assertThat(OFFICE.nextOpening(Instant.parse("2026-12-05T00:00:00Z"), NEW_YORK))
        .isEqualTo(Instant.parse("2026-12-07T14:00:00Z"));
  }

  @Test
  void the_window_follows_the_zone_across_a_clock_shift() {
    // Before the March 8, 2026 shift New York is UTC-5; after, UTC-4.
    assertThat(OFFICE.nextOpening(Instant.parse("2026-03-06T23:30:00Z"), NEW_YORK))
        .isEqualTo(Instant.parse("2026-03-09T13:00:00Z"));
  }

  @Test
  void an_opening_time_skipped_by_the_spring_shift_opens_at_the_shifted_instant() {
    SendWindow early = SendWindow.daily(LocalTime.of(2, 30), LocalTime.of(5, 0));
    assertThat(early.nextOpening(Instant.parse("2026-03-08T05:00:00Z"), NEW_YORK))
        .isEqualTo(Instant.parse("2026-03-08T07:30:00Z"));
  }

  @Test
  void the_text_form_reads_back_to_an_equal_window() {
    assertThat(OFFICE.toString()).isEqualTo("MON-FRI 09:00-18:00");
    assertThat(SendWindow.parse("MON-FRI 09:00-18:00")).isEqualTo(OFFICE);
    assertThat(SendWindow.parse("daily 08:00-20:00"))
        .isEqualTo(SendWindow.daily(LocalTime.of(8, 0), LocalTime.of(20, 0)));
    SendWindow weekend = SendWindow.parse("SAT,SUN 10:00-16:00");
    assertThat(weekend.days()).containsExactlyInAnyOrder(DayOfWeek.SATURDAY, DayOfWeek.SUNDAY);
    assertThat(SendWindow.parse(weekend.toString())).isEqualTo(weekend);
    assertThat(SendWindow.parse("FRI-MON 10:00-11:00").days())
        .containsExactlyInAnyOrder(
            DayOfWeek.FRIDAY, DayOfWeek.SATURDAY, DayOfWeek.SUNDAY, DayOfWeek.MONDAY);
  }

  @Test
  void bad_windows_are_refused_naming_the_field() {
    assertThatThrownBy(() -> SendWindow.daily(LocalTime.of(18, 0), LocalTime.of(9, 0)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("window.from: must be before 09:00 the same day, was 18:00");
    assertThatThrownBy(
            () -> SendWindow.on(EnumSet.noneOf(DayOfWeek.class), LocalTime.MIN, LocalTime.NOON))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("window.days: must not be empty");
    assertThatThrownBy(() -> SendWindow.on(Set.of(), LocalTime.MIN, LocalTime.NOON))
        .hasMessage("window.days: must not be empty");
    assertThatThrownBy(() -> SendWindow.parse("MON-FRI"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("window: expected days and times");
    assertThatThrownBy(() -> SendWindow.parse("MOM 09:00-10:00"))
        .hasMessageStartingWith("window: not a day: 'MOM'");
    assertThatThrownBy(() -> SendWindow.parse("MON 9h-10:00"))
        .hasMessage("window: not a time like 09:00: '9h'");
  }
}
