package dev.communicable.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What cron-utils itself does at the daylight saving shifts when given a zone, and why {@link Cron}
 * does not let it: these tests pin the library's behaviour, so that an upgrade that changes it is
 * noticed (and {@link Cron}'s own mapping can be reconsidered).
 */
class CronUtilsAtShiftsTest {
  private static final ZoneId NEW_YORK = ZoneId.of("America/New_York");
  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private static List<Instant> cronUtils(String expression, Instant from, Instant to) {
    ExecutionTime time = ExecutionTime.forCron(PARSER.parse(expression));
    List<Instant> firings = new ArrayList<>();
    ZonedDateTime cursor = from.atZone(NEW_YORK);
    while (true) {
      cursor = time.nextExecution(cursor).orElseThrow();
      if (!cursor.toInstant().isBefore(to)) {
        return firings;
      }
      firings.add(cursor.toInstant());
    }
  }

  private static List<Instant> ours(String expression, Instant from, Instant to) {
    Cron cron = Cron.parse(expression);
    List<Instant> firings = new ArrayList<>();
    Instant cursor = from;
    while (true) {
      cursor = cron.next(cursor, NEW_YORK).orElseThrow();
      if (!cursor.isBefore(to)) {
        return firings;
      }
      firings.add(cursor);
    }
  }

  @Test
  void cron_utils_skips_a_local_time_inside_the_spring_forward_gap_and_cron_does_not() {
    Instant from = Instant.parse("2026-03-07T12:00:00Z");
    Instant to = Instant.parse("2026-03-09T12:00:00Z");

    assertThat(cronUtils("30 2 * * *", from, to))
        .containsExactly(Instant.parse("2026-03-09T06:30:00Z")); // nothing on March 8
    assertThat(ours("30 2 * * *", from, to))
        .containsExactly(
            Instant.parse("2026-03-08T07:30:00Z"), Instant.parse("2026-03-09T06:30:00Z"));
  }

  @Test
  void cron_utils_fires_the_repeated_hour_twice_at_fall_back_and_cron_once() {
    Instant from = Instant.parse("2026-11-01T04:45:00Z"); // 00:45 EDT
    Instant to = Instant.parse("2026-11-01T07:15:00Z"); // 02:15 EST

    assertThat(cronUtils("0 * * * *", from, to))
        .containsExactly(
            Instant.parse("2026-11-01T05:00:00Z"), // 01:00 EDT
            Instant.parse("2026-11-01T06:00:00Z"), // 01:00 EST, the same local time again
            Instant.parse("2026-11-01T07:00:00Z"));
    assertThat(ours("0 * * * *", from, to))
        .containsExactly(
            Instant.parse("2026-11-01T05:00:00Z"), Instant.parse("2026-11-01T07:00:00Z"));
  }
}
