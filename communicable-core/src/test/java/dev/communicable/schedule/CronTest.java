package dev.communicable.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CronTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");

  /** Every firing in [from, to), walking with next. */
  private static List<Instant> firings(Cron cron, ZoneId zone, Instant from, Instant to) {
    List<Instant> result = new ArrayList<>();
    Instant cursor = from.minusNanos(1);
    while (true) {
      Instant next = cron.next(cursor, zone).orElseThrow();
      if (!next.isBefore(to)) {
        return result;
      }
      result.add(next);
      cursor = next;
    }
  }

  private static Instant local(int year, int month, int day, int hour, int minute) {
    return LocalDateTime.of(year, month, day, hour, minute).atZone(NEW_YORK).toInstant();
  }

  @Test
  void a_daily_expression_fires_once_a_day_at_nine_new_york_time_across_the_march_shift() {
    List<Instant> fired =
        firings(
            Cron.parse("0 9 * * *"), NEW_YORK, local(2026, 3, 1, 0, 0), local(2026, 3, 16, 0, 0));

    assertThat(fired).hasSize(15);
    for (int i = 0; i < fired.size(); i++) {
      LocalDate day = LocalDate.of(2026, 3, 1).plusDays(i);
      assertThat(fired.get(i).atZone(NEW_YORK).toLocalDate()).isEqualTo(day);
      assertThat(fired.get(i).atZone(NEW_YORK).toLocalTime()).isEqualTo(LocalTime.of(9, 0));
      int utcHour = day.isBefore(LocalDate.of(2026, 3, 8)) ? 14 : 13;
      assertThat(fired.get(i)).isEqualTo(day.atTime(utcHour, 0).toInstant(ZoneOffset.UTC));
    }
  }

  @Test
  void a_daily_expression_fires_once_a_day_at_nine_new_york_time_across_the_november_shift() {
    List<Instant> fired =
        firings(
            Cron.parse("0 9 * * *"), NEW_YORK, local(2026, 10, 25, 0, 0), local(2026, 11, 9, 0, 0));

    assertThat(fired).hasSize(15);
    for (int i = 0; i < fired.size(); i++) {
      LocalDate day = LocalDate.of(2026, 10, 25).plusDays(i);
      assertThat(fired.get(i).atZone(NEW_YORK).toLocalDate()).isEqualTo(day);
      assertThat(fired.get(i).atZone(NEW_YORK).toLocalTime()).isEqualTo(LocalTime.of(9, 0));
      int utcHour = day.isBefore(LocalDate.of(2026, 11, 1)) ? 13 : 14;
      assertThat(fired.get(i)).isEqualTo(day.atTime(utcHour, 0).toInstant(ZoneOffset.UTC));
    }
  }

  @Test
  void a_local_time_inside_the_spring_forward_gap_fires_once_at_the_shifted_instant() {
    List<Instant> fired =
        firings(
            Cron.parse("30 2 * * *"),
            NEW_YORK,
            Instant.parse("2026-03-07T12:00:00Z"),
            Instant.parse("2026-03-09T12:00:00Z"));

    // 02:30 does not exist on March 8: the clocks go from 01:59 EST to 03:00 EDT.
    assertThat(fired)
        .containsExactly(
            Instant.parse("2026-03-08T07:30:00Z"), // 03:30 EDT
            Instant.parse("2026-03-09T06:30:00Z")) // 02:30 EDT
        .doesNotHaveDuplicates();
  }

  @Test
  void a_local_time_that_happens_twice_at_fall_back_fires_once_at_its_first_occurrence() {
    List<Instant> fired =
        firings(
            Cron.parse("30 1 * * *"),
            NEW_YORK,
            Instant.parse("2026-11-01T00:00:00Z"),
            Instant.parse("2026-11-02T00:00:00Z"));

    // 01:30 happens at 05:30Z (EDT) and again at 06:30Z (EST).
    assertThat(fired).containsExactly(Instant.parse("2026-11-01T05:30:00Z"));
  }

  @Test
  void a_frequent_expression_fires_each_local_time_once_over_both_shifts() {
    Cron everyHalfHour = Cron.parse("*/30 * * * *");

    List<Instant> spring =
        firings(
            everyHalfHour,
            NEW_YORK,
            Instant.parse("2026-03-08T06:00:00Z"), // 01:00 EST
            Instant.parse("2026-03-08T08:00:00Z")); // 04:00 EDT
    assertThat(spring)
        .containsExactly(
            Instant.parse("2026-03-08T06:00:00Z"), // 01:00 EST
            Instant.parse("2026-03-08T06:30:00Z"), // 01:30 EST
            Instant.parse("2026-03-08T07:00:00Z"), // 02:00 shifted to 03:00 EDT, with 03:00
            Instant.parse("2026-03-08T07:30:00Z")); // 02:30 shifted to 03:30 EDT, with 03:30

    List<Instant> fall =
        firings(
            everyHalfHour,
            NEW_YORK,
            Instant.parse("2026-11-01T05:00:00Z"), // 01:00 EDT
            Instant.parse("2026-11-01T08:00:00Z")); // 03:00 EST
    assertThat(fall)
        .containsExactly(
            Instant.parse("2026-11-01T05:00:00Z"), // 01:00 EDT
            Instant.parse("2026-11-01T05:30:00Z"), // 01:30 EDT
            Instant.parse("2026-11-01T07:00:00Z"), // 02:00 EST (01:00 and 01:30 EST skipped)
            Instant.parse("2026-11-01T07:30:00Z")); // 02:30 EST
  }

  @Test
  void next_is_strictly_after_the_given_instant_even_inside_a_minute() {
    Cron daily = Cron.parse("0 9 * * *");

    assertThat(daily.next(Instant.parse("2026-01-01T09:00:00Z"), ZoneOffset.UTC))
        .contains(Instant.parse("2026-01-02T09:00:00Z"));
    assertThat(daily.next(Instant.parse("2026-01-01T08:59:59.5Z"), ZoneOffset.UTC))
        .contains(Instant.parse("2026-01-01T09:00:00Z"));
    assertThat(daily.next(Instant.parse("2026-01-01T09:00:00.000001Z"), ZoneOffset.UTC))
        .contains(Instant.parse("2026-01-02T09:00:00Z"));
  }

  @Test
  void a_time_in_the_repeated_hour_moves_on_to_the_next_local_time_that_has_not_yet_passed() {
    // 01:15 EST, the second 01:15: the 01:30 of this day already fired at 05:30Z.
    assertThat(Cron.parse("30 1 * * *").next(Instant.parse("2026-11-01T06:15:00Z"), NEW_YORK))
        .contains(Instant.parse("2026-11-02T06:30:00Z"));
  }

  @Test
  void names_ranges_and_unix_day_of_week_rules_are_understood() {
    Cron weekdays = Cron.parse("30 8 * * MON-FRI");
    // 2026-01-02 is a Friday.
    assertThat(weekdays.next(Instant.parse("2026-01-02T09:00:00Z"), ZoneOffset.UTC))
        .contains(Instant.parse("2026-01-05T08:30:00Z"));
    assertThat(Cron.parse("0 0 * * 7").next(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
        .contains(Instant.parse("2026-01-04T00:00:00Z")); // Sunday
    // Day of month and day of week both restricted: either one fires, as in UNIX cron.
    assertThat(Cron.parse("0 9 1 * 1").next(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC))
        .contains(Instant.parse("2026-01-01T09:00:00Z")); // a Thursday, the 1st
  }

  @Test
  void the_expression_is_kept_without_surrounding_white_space_and_decides_equality() {
    Cron cron = Cron.parse("  0 9 * * *  ");

    assertThat(cron.expression()).isEqualTo("0 9 * * *");
    assertThat(cron).isEqualTo(Cron.parse("0 9 * * *")).hasToString("0 9 * * *");
    assertThat(cron).isNotEqualTo(Cron.parse("0 10 * * *"));
  }

  @Test
  void a_leap_day_expression_fires_because_a_leap_day_comes_within_five_years() {
    Cron leapDay = Cron.parse("0 0 29 2 *", Instant.parse("2026-06-01T00:00:00Z"));

    assertThat(leapDay.next(Instant.parse("2026-06-01T00:00:00Z"), ZoneOffset.UTC))
        .contains(Instant.parse("2028-02-29T00:00:00Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"0 0 30 2 *", "0 0 31 4 *", "0 0 31 2,4,6,9,11 *"})
  void an_expression_that_never_fires_is_rejected(String expression) {
    assertThatThrownBy(() -> Cron.parse(expression))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).isEqualTo("cron");
              assertThat(e.problem()).startsWith("never fires within 5 years");
            });
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "* * * *",
        "0 0 * * * *",
        "61 * * * *",
        "0 24 * * *",
        "a b c d e",
        "@daily",
        "0 0 ? * *",
        "0 0 L * *",
        "0 0 * * 1#2"
      })
  void a_malformed_expression_is_rejected_naming_the_field_and_what_is_wrong(String expression) {
    assertThatThrownBy(() -> Cron.parse(expression))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).isEqualTo("cron");
              assertThat(e.problem())
                  .startsWith("not a five-field UNIX cron expression (")
                  .endsWith("was '" + expression + "'");
            });
  }

  @Test
  void a_missing_blank_or_overlong_expression_is_rejected() {
    assertThatThrownBy(() -> Cron.parse(null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("cron: must not be null or blank, was null");
    assertThatThrownBy(() -> Cron.parse("   "))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("cron: must not be null or blank");
    assertThatThrownBy(() -> Cron.parse("0 9 * * " + "1,".repeat(200) + "1"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("cron: must be at most 200 characters");
    assertThatThrownBy(() -> Cron.parse("0 9 * *\n*"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("cron: must not contain control characters");
  }
}
