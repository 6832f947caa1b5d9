package dev.communicable.policy;

import dev.communicable.Arguments;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.List;
import java.util.Objects;

/**
 * A daily span of local time in which non-critical messages wait, read in the recipient's own time
 * zone. The span may cross midnight ({@code 22:00-07:00}). A delivery due inside it is rescheduled
 * to its end, not dropped.
 *
 * @param start when quiet begins, local time
 * @param end when quiet ends, local time; must differ from start
 */
public record QuietHours(LocalTime start, LocalTime end) {

  public QuietHours {
    Arguments.notNull("quietHours.start", start);
    Arguments.notNull("quietHours.end", end);
    Arguments.check(
        !start.equals(end),
        "quietHours",
        "start and end must differ (zero-length quiet hours), were both " + start);
  }

  /** Quiet from {@code start} to {@code end}, local time; the same as the constructor. */
  public static QuietHours between(LocalTime start, LocalTime end) {
    return new QuietHours(start, end);
  }

  /** True when {@code at} falls inside the quiet span in {@code zone}. */
  public boolean contains(Instant at, ZoneId zone) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(zone, "zone");
    LocalTime local = at.atZone(zone).toLocalTime();
    if (start.isBefore(end)) {
      return !local.isBefore(start) && local.isBefore(end);
    }
    return !local.isBefore(start) || local.isBefore(end);
  }

  /**
   * {@code at} itself when it is outside quiet hours in {@code zone}, else the first instant after
   * it at which the zone's wall clock has left the quiet span.
   *
   * <p>Daylight-saving changes are read on the wall clock: when the end falls in a gap (the clocks
   * jump over it), quiet ends at the jump; when it falls in an overlap (the clocks repeat an hour),
   * quiet ends the first time the clock shows it, and a repeated hour that is inside the span is
   * quiet again the second time round.
   */
  public Instant nextAllowed(Instant at, ZoneId zone) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(zone, "zone");
    if (!contains(at, zone)) {
      return at;
    }
    LocalDate day = at.atZone(zone).toLocalDate();
    ZoneRules rules = zone.getRules();
    for (int d = 0; d <= 2; d++) {
      LocalDateTime endLocal = day.plusDays(d).atTime(end);
      for (Instant candidate : instantsOf(endLocal, rules)) {
        if (candidate.isAfter(at) && !contains(candidate, zone)) {
          return candidate;
        }
      }
    }
    // Unreachable for real zone rules: the end is shown at least once within two days.
    throw new IllegalStateException("quiet hours " + this + " never end in " + zone);
  }

  /** The instants a wall-clock time maps to, earliest first; a gap maps to the jump. */
  private static List<Instant> instantsOf(LocalDateTime local, ZoneRules rules) {
    List<ZoneOffset> offsets = rules.getValidOffsets(local);
    if (offsets.isEmpty()) {
      return List.of(rules.getTransition(local).getInstant());
    }
    return offsets.stream().map(local::toInstant).sorted().toList();
  }
}
