package dev.communicable.schedule;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * When sends may go out: on some days of the week, from one local time until another, read in a
 * zone (usually the recipient's). A campaign's "weekdays 09:00 to 18:00" is {@code
 * SendWindow.weekdays(LocalTime.of(9, 0), LocalTime.of(18, 0))}. Immutable.
 *
 * <p>The window opens at {@code from} (inclusive) and closes at {@code to} (exclusive) of the same
 * day, so {@code from} must come before {@code to}; for a pause over midnight use quiet hours. On a
 * day when a clock shift skips the opening time, the window opens at the shifted instant.
 *
 * <p>Its text form, read by {@link #parse(String)} and written by {@link #toString()}, is the days
 * then the times: {@code "MON-FRI 09:00-18:00"}, {@code "SAT,SUN 10:00-16:00"}, {@code "DAILY
 * 08:00-20:00"}.
 */
public final class SendWindow {
  private static final List<DayOfWeek> WEEKDAYS =
      List.of(
          DayOfWeek.MONDAY,
          DayOfWeek.TUESDAY,
          DayOfWeek.WEDNESDAY,
          DayOfWeek.THURSDAY,
          DayOfWeek.FRIDAY);

  private final Set<DayOfWeek> days;
  private final LocalTime from;
  private final LocalTime to;

  private SendWindow(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
    Arguments.notEmpty("window.days", days);
    Arguments.notNull("window.from", from);
    Arguments.notNull("window.to", to);
    Arguments.check(
        from.isBefore(to), "window.from", "must be before " + to + " the same day, was " + from);
    this.days = Collections.unmodifiableSet(EnumSet.copyOf(days));
    this.from = from;
    this.to = to;
  }

  /** Every day from {@code from} until {@code to}. */
  public static SendWindow daily(LocalTime from, LocalTime to) {
    return new SendWindow(EnumSet.allOf(DayOfWeek.class), from, to);
  }

  /** Monday to Friday from {@code from} until {@code to}. */
  public static SendWindow weekdays(LocalTime from, LocalTime to) {
    return new SendWindow(EnumSet.copyOf(WEEKDAYS), from, to);
  }

  /** The given days from {@code from} until {@code to}. */
  public static SendWindow on(Set<DayOfWeek> days, LocalTime from, LocalTime to) {
    Arguments.noNulls("window.days", days);
    return new SendWindow(days.isEmpty() ? EnumSet.noneOf(DayOfWeek.class) : days, from, to);
  }

  /**
   * Reads the text form: days ({@code DAILY}, {@code MON-FRI}, or a comma-separated list of
   * three-letter days and ranges), a space, then {@code HH:mm-HH:mm}.
   *
   * @throws InvalidRequestException naming {@code window} and what is wrong
   */
  public static SendWindow parse(String text) {
    Arguments.notBlank("window", text, 100);
    String[] parts = text.trim().split("\\s+");
    if (parts.length != 2) {
      throw new InvalidRequestException(
          "window", "expected days and times like 'MON-FRI 09:00-18:00', was '" + text + "'");
    }
    Set<DayOfWeek> days = days(parts[0]);
    String[] times = parts[1].split("-");
    if (times.length != 2) {
      throw new InvalidRequestException(
          "window", "expected times like '09:00-18:00', was '" + parts[1] + "'");
    }
    return new SendWindow(days, time(times[0]), time(times[1]));
  }

  private static Set<DayOfWeek> days(String text) {
    String upper = text.toUpperCase(Locale.ROOT);
    if (upper.equals("DAILY")) {
      return EnumSet.allOf(DayOfWeek.class);
    }
    Set<DayOfWeek> days = EnumSet.noneOf(DayOfWeek.class);
    for (String item : upper.split(",")) {
      String[] range = item.split("-");
      if (range.length == 1) {
        days.add(day(range[0]));
      } else if (range.length == 2) {
        DayOfWeek first = day(range[0]);
        DayOfWeek last = day(range[1]);
        for (DayOfWeek d = first; ; d = d.plus(1)) {
          days.add(d);
          if (d == last) {
            break;
          }
        }
      } else {
        throw new InvalidRequestException("window", "not a day or a range of days: '" + item + "'");
      }
    }
    return days;
  }

  private static DayOfWeek day(String abbreviation) {
    for (DayOfWeek d : DayOfWeek.values()) {
      if (d.name().startsWith(abbreviation) && abbreviation.length() == 3) {
        return d;
      }
    }
    throw new InvalidRequestException(
        "window", "not a day: '" + abbreviation + "' (use MON, TUE, WED, THU, FRI, SAT, SUN)");
  }

  private static LocalTime time(String text) {
    try {
      return LocalTime.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidRequestException("window", "not a time like 09:00: '" + text + "'");
    }
  }

  public Set<DayOfWeek> days() {
    return days;
  }

  public LocalTime from() {
    return from;
  }

  public LocalTime to() {
    return to;
  }

  /** Whether {@code at}, read in {@code zone}, falls inside the window. */
  public boolean contains(Instant at, ZoneId zone) {
    Arguments.notNull("at", at);
    Arguments.notNull("zone", zone);
    ZonedDateTime local = at.atZone(zone);
    if (!days.contains(local.getDayOfWeek())) {
      return false;
    }
    return !at.isBefore(opening(local.toLocalDate(), zone))
        && at.isBefore(closing(local.toLocalDate(), zone));
  }

  /**
   * The first instant at or after {@code at} inside the window: {@code at} itself when it is
   * inside, else the next opening (at most a week away).
   */
  public Instant nextOpening(Instant at, ZoneId zone) {
    if (contains(at, zone)) {
      return at;
    }
    LocalDate date = at.atZone(zone).toLocalDate();
    for (int i = 0; i <= 7; i++) {
      LocalDate day = date.plusDays(i);
      if (days.contains(day.getDayOfWeek())) {
        Instant opening = opening(day, zone);
        if (!opening.isBefore(at)) {
          return opening;
        }
      }
    }
    throw new IllegalStateException("a window with days " + days + " has no opening in a week");
  }

  private Instant opening(LocalDate day, ZoneId zone) {
    return ZonedDateTime.of(day, from, zone).toInstant();
  }

  private Instant closing(LocalDate day, ZoneId zone) {
    return ZonedDateTime.of(day, to, zone).toInstant();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SendWindow w
        && w.days.equals(days)
        && w.from.equals(from)
        && w.to.equals(to);
  }

  @Override
  public int hashCode() {
    return days.hashCode() * 31 * 31 + from.hashCode() * 31 + to.hashCode();
  }

  /** The text form {@link #parse(String)} reads, such as {@code "MON-FRI 09:00-18:00"}. */
  @Override
  public String toString() {
    String dayText;
    if (days.size() == 7) {
      dayText = "DAILY";
    } else if (days.equals(EnumSet.copyOf(WEEKDAYS))) {
      dayText = "MON-FRI";
    } else {
      List<String> names = new ArrayList<>();
      days.forEach(d -> names.add(d.name().substring(0, 3)));
      dayText = names.stream().collect(Collectors.joining(","));
    }
    return dayText + " " + from + "-" + to;
  }
}
