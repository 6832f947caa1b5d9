package dev.communicable.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Quiet hours end at the first instant the wall clock leaves the span, in every zone. */
class QuietHoursPropertiesTest {
  private static final long FROM = Instant.parse("2010-01-01T00:00:00Z").getEpochSecond() / 60;
  private static final long TO = Instant.parse("2030-01-01T00:00:00Z").getEpochSecond() / 60;

  @Property(tries = 500)
  void next_allowed_is_the_first_minute_outside_quiet_hours(
      @ForAll("spans") QuietHours quiet,
      @ForAll("zones") ZoneId zone,
      @ForAll("minutes") Instant at) {
    Instant next = quiet.nextAllowed(at, zone);

    if (!quiet.contains(at, zone)) {
      assertThat(next).isEqualTo(at);
      return;
    }
    assertThat(next).isAfter(at);
    assertThat(quiet.contains(next, zone)).as("quiet at %s", next).isFalse();
    assertThat(Duration.between(at, next)).isLessThanOrEqualTo(Duration.ofHours(49));
    Instant lastMinute = next.minus(Duration.ofMinutes(1));
    if (lastMinute.isAfter(at)) {
      assertThat(quiet.contains(lastMinute, zone)).as("allowed already at %s", lastMinute).isTrue();
    }
    // Spans start and end on quarter hours and zones shift on quarter hours, so a scan in steps
    // of 15 minutes from the due time sees every change of state.
    for (Instant t = at; t.isBefore(next); t = t.plus(Duration.ofMinutes(15))) {
      assertThat(quiet.contains(t, zone)).as("allowed already at %s", t).isTrue();
    }
  }

  @Property(tries = 500)
  void a_delivery_inside_the_span_is_moved_not_dropped(
      @ForAll("spans") QuietHours quiet,
      @ForAll("zones") ZoneId zone,
      @ForAll("minutes") Instant at) {
    Assume.that(quiet.contains(at, zone));
    Instant next = quiet.nextAllowed(at, zone);
    assertThat(quiet.nextAllowed(next, zone)).isEqualTo(next);
  }

  @Provide
  Arbitrary<QuietHours> spans() {
    Arbitrary<LocalTime> times =
        Arbitraries.integers().between(0, 24 * 4 - 1).map(q -> LocalTime.of(q / 4, q % 4 * 15));
    return times
        .tuple2()
        .filter(t -> !t.get1().equals(t.get2()))
        .map(t -> new QuietHours(t.get1(), t.get2()));
  }

  @Provide
  Arbitrary<ZoneId> zones() {
    return Arbitraries.of(
            "UTC",
            "Europe/Paris",
            "America/New_York",
            "America/Sao_Paulo",
            "Australia/Lord_Howe",
            "Asia/Kolkata",
            "Pacific/Apia",
            "America/St_Johns")
        .map(ZoneId::of);
  }

  @Provide
  Arbitrary<Instant> minutes() {
    return Arbitraries.longs().between(FROM, TO).map(m -> Instant.ofEpochSecond(m * 60));
  }
}
