package dev.communicable.policy;

import dev.communicable.InvalidRequestException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
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
    if (start == null) {
      throw new InvalidRequestException("quietHours.start", "must not be null");
    }
    if (end == null) {
      throw new InvalidRequestException("quietHours.end", "must not be null");
    }
    if (start.equals(end)) {
      throw new InvalidRequestException(
          "quietHours", "start and end must differ (zero-length quiet hours), were both " + start);
    }
  }

  public static QuietHours between(LocalTime start, LocalTime end) {
    return new QuietHours(start, end);
  }

  /** True when {@code at} falls inside the quiet span in {@code zone}. */
  public boolean contains(Instant at, ZoneId zone) {
    LocalTime local = at.atZone(zone).toLocalTime();
    if (start.isBefore(end)) {
      return !local.isBefore(start) && local.isBefore(end);
    }
    return !local.isBefore(start) || local.isBefore(end);
  }

  /**
   * {@code at} itself when it is outside quiet hours in {@code zone}, else the instant quiet hours
   * end (handling daylight-saving gaps by the zone's rules).
   */
  public Instant nextAllowed(Instant at, ZoneId zone) {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(zone, "zone");
    if (!contains(at, zone)) {
      return at;
    }
    ZonedDateTime local = at.atZone(zone);
    ZonedDateTime candidate = local.with(end);
    if (!candidate.isAfter(local)) {
      candidate = local.plusDays(1).with(end);
    }
    return candidate.toInstant();
  }
}
