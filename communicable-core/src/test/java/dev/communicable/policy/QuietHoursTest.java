package dev.communicable.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class QuietHoursTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");

  private static final QuietHours NIGHT = new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0));
  private static final QuietHours OFFICE = new QuietHours(LocalTime.of(9, 0), LocalTime.of(17, 0));

  private static Instant at(String localDateTime, ZoneId zone) {
    return LocalDateTime.parse(localDateTime).atZone(zone).toInstant();
  }

  @Nested
  @DisplayName("a span crossing midnight")
  class CrossingMidnight {
    @Test
    void contains_the_evening_and_the_early_morning_but_not_the_day() {
      assertThat(NIGHT.contains(at("2025-06-01T22:00", PARIS), PARIS)).isTrue();
      assertThat(NIGHT.contains(at("2025-06-01T23:59", PARIS), PARIS)).isTrue();
      assertThat(NIGHT.contains(at("2025-06-02T00:00", PARIS), PARIS)).isTrue();
      assertThat(NIGHT.contains(at("2025-06-02T06:59", PARIS), PARIS)).isTrue();
      assertThat(NIGHT.contains(at("2025-06-02T07:00", PARIS), PARIS)).isFalse();
      assertThat(NIGHT.contains(at("2025-06-01T21:59", PARIS), PARIS)).isFalse();
      assertThat(NIGHT.contains(at("2025-06-01T12:00", PARIS), PARIS)).isFalse();
    }

    @Test
    void moves_an_evening_delivery_to_the_next_morning() {
      assertThat(NIGHT.nextAllowed(at("2025-06-01T23:30", PARIS), PARIS))
          .isEqualTo(at("2025-06-02T07:00", PARIS));
    }

    @Test
    void moves_an_early_morning_delivery_to_the_same_morning() {
      assertThat(NIGHT.nextAllowed(at("2025-06-02T03:15", PARIS), PARIS))
          .isEqualTo(at("2025-06-02T07:00", PARIS));
    }

    @Test
    void leaves_a_delivery_outside_the_span_alone() {
      Instant noon = at("2025-06-01T12:00", PARIS);
      assertThat(NIGHT.nextAllowed(noon, PARIS)).isEqualTo(noon);
      Instant seven = at("2025-06-02T07:00", PARIS);
      assertThat(NIGHT.nextAllowed(seven, PARIS)).isEqualTo(seven);
    }
  }

  @Nested
  @DisplayName("a span within one day")
  class WithinADay {
    @Test
    void holds_deliveries_until_it_ends() {
      assertThat(OFFICE.contains(at("2025-06-02T08:59", PARIS), PARIS)).isFalse();
      assertThat(OFFICE.nextAllowed(at("2025-06-02T09:00", PARIS), PARIS))
          .isEqualTo(at("2025-06-02T17:00", PARIS));
      assertThat(OFFICE.nextAllowed(at("2025-06-02T16:59:59", PARIS), PARIS))
          .isEqualTo(at("2025-06-02T17:00", PARIS));
    }
  }

  @Test
  void is_read_in_the_recipients_own_zone() {
    Instant instant = Instant.parse("2025-06-01T14:00:00Z"); // 23:00 in Tokyo, 10:00 in New York
    assertThat(NIGHT.contains(instant, TOKYO)).isTrue();
    assertThat(NIGHT.contains(instant, NEW_YORK)).isFalse();
    assertThat(NIGHT.nextAllowed(instant, TOKYO)).isEqualTo(Instant.parse("2025-06-01T22:00:00Z"));
    assertThat(NIGHT.nextAllowed(instant, NEW_YORK)).isEqualTo(instant);
  }

  @Nested
  @DisplayName("daylight-saving days")
  class DaylightSaving {
    // Paris: 2025-03-30 02:00 CET jumps to 03:00 CEST; 2025-10-26 03:00 CEST falls back to 02:00
    // CET.

    @Test
    void an_end_in_the_spring_gap_ends_quiet_at_the_jump() {
      QuietHours q = new QuietHours(LocalTime.of(22, 0), LocalTime.of(2, 30));
      Instant due = at("2025-03-29T23:00", PARIS);
      assertThat(q.nextAllowed(due, PARIS)).isEqualTo(Instant.parse("2025-03-30T01:00:00Z"));
      assertThat(Instant.parse("2025-03-30T01:00:00Z").atZone(PARIS).toLocalTime())
          .isEqualTo(LocalTime.of(3, 0));
    }

    @Test
    void an_end_after_the_spring_gap_is_an_hour_sooner_in_utc() {
      Instant due = at("2025-03-29T23:00", PARIS);
      assertThat(NIGHT.nextAllowed(due, PARIS)).isEqualTo(Instant.parse("2025-03-30T05:00:00Z"));
    }

    @Test
    void an_end_in_the_autumn_overlap_ends_quiet_the_first_time_the_clock_shows_it() {
      QuietHours q = new QuietHours(LocalTime.of(22, 0), LocalTime.of(2, 30));
      Instant due = at("2025-10-25T23:00", PARIS);
      // 02:30 CEST, the first of the two 02:30s
      assertThat(q.nextAllowed(due, PARIS)).isEqualTo(Instant.parse("2025-10-26T00:30:00Z"));
    }

    @Test
    void the_repeated_hour_is_quiet_again_and_ends_at_its_second_showing() {
      QuietHours q = new QuietHours(LocalTime.of(22, 0), LocalTime.of(2, 30));
      Instant secondRound = Instant.parse("2025-10-26T01:10:00Z"); // 02:10 CET
      assertThat(q.contains(secondRound, PARIS)).isTrue();
      assertThat(q.nextAllowed(secondRound, PARIS))
          .isEqualTo(Instant.parse("2025-10-26T01:30:00Z"));
    }

    @Test
    void an_end_after_the_autumn_overlap_is_an_hour_later_in_utc() {
      Instant due = at("2025-10-25T23:00", PARIS);
      assertThat(NIGHT.nextAllowed(due, PARIS)).isEqualTo(Instant.parse("2025-10-26T06:00:00Z"));
    }

    @Test
    void a_skipped_calendar_day_still_ends_quiet() {
      // Samoa skipped 2011-12-30 entirely.
      ZoneId apia = ZoneId.of("Pacific/Apia");
      Instant due = at("2011-12-29T23:00", apia);
      assertThat(NIGHT.nextAllowed(due, apia)).isEqualTo(at("2011-12-31T07:00", apia));
    }
  }

  @Test
  void fixed_offsets_work_like_any_zone() {
    Instant due = Instant.parse("2025-06-01T23:00:00Z");
    assertThat(NIGHT.nextAllowed(due, ZoneOffset.UTC))
        .isEqualTo(Instant.parse("2025-06-02T07:00:00Z"));
  }

  @Test
  void rejects_a_zero_length_span_and_missing_ends_naming_the_field() {
    assertThatThrownBy(() -> new QuietHours(LocalTime.NOON, LocalTime.NOON))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("quietHours"));
    assertThatThrownBy(() -> new QuietHours(null, LocalTime.NOON))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("quietHours.start"));
    assertThatThrownBy(() -> QuietHours.between(LocalTime.NOON, null))
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo("quietHours.end"));
  }
}
