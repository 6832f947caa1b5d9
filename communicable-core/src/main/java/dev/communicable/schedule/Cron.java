package dev.communicable.schedule;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.Limits;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A cron expression in the five-field UNIX form ({@code minute hour day-of-month month
 * day-of-week}), parsed by cron-utils, evaluated in a time zone given at each use.
 *
 * <pre>{@code
 * Cron daily = Cron.parse("0 9 * * *");               // 09:00 every day
 * Cron weekdays = Cron.parse("30 8 * * MON-FRI");     // 08:30, Monday to Friday
 * Optional<Instant> next = daily.next(Instant.now(), ZoneId.of("America/New_York"));
 * }</pre>
 *
 * <p>Fields take numbers, ranges ({@code 1-5}), lists ({@code 1,15}), steps ({@code *}{@code /15})
 * and month and day names ({@code JAN}, {@code MON}); day of week 0 and 7 are both Sunday. When
 * both day of month and day of week are restricted, a day matching either fires, as in UNIX cron.
 * Nicknames ({@code @daily}), seconds, years and Quartz's {@code ? L W #} are refused.
 *
 * <p><b>Time zones and daylight saving.</b> An expression describes local date-times (wall-clock
 * times) in the zone; {@link #next} maps each to an instant with the zone's rules:
 *
 * <ul>
 *   <li>a local time that does not exist because the clocks go forward (02:30 on the day New York
 *       moves from 02:00 to 03:00) fires once, at the instant the clocks show it shifted by the gap
 *       (03:30 daylight time); several local times that fall into one gap and shift onto the same
 *       instant fire once;
 *   <li>a local time that happens twice because the clocks go back (01:30 on the day New York moves
 *       from 02:00 back to 01:00) fires once, at its first occurrence (daylight time). A frequent
 *       expression such as {@code *}{@code /15 * * * *} therefore does not fire during the repeated
 *       hour: each local date-time fires at most once.
 * </ul>
 *
 * <p>Immutable and thread-safe; equal when the expressions are equal.
 */
public final class Cron {
  /** How far ahead {@link #parse} looks for a firing before it calls an expression useless. */
  public static final int HORIZON_YEARS = 5;

  /**
   * Where the "never fires" check starts: the start of a leap year. Five fields repeat with the
   * calendar, so an expression that fires at all fires within {@value #HORIZON_YEARS} years of it
   * (a leap day included), and the check gives the same answer whenever it runs, without reading a
   * clock.
   */
  static final Instant REFERENCE = Instant.parse("2024-01-01T00:00:00Z");

  private static final CronParser PARSER =
      new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));

  private final String expression;
  private final ExecutionTime executionTime;

  private Cron(String expression, ExecutionTime executionTime) {
    this.expression = expression;
    this.executionTime = executionTime;
  }

  /**
   * Parses a five-field UNIX cron expression, such as {@code "0 9 * * MON-FRI"}. Leading and
   * trailing white space is dropped.
   *
   * @throws InvalidRequestException naming the field {@code cron} when the expression is null,
   *     blank, longer than {@link Limits#MAX_CRON_LENGTH} characters, not five fields, holds a
   *     value out of range or an unknown character, or never fires within the {@value
   *     #HORIZON_YEARS} years after the start of 2024 (such as {@code "0 0 30 2 *"}, February 30);
   *     the answer does not depend on when it is asked
   */
  public static Cron parse(@Nullable String expression) {
    return parse(expression, REFERENCE);
  }

  /** {@link #parse(String)} with the horizon counted from {@code now}; for tests. */
  static Cron parse(@Nullable String expression, Instant now) {
    String text = Arguments.notBlank("cron", expression, Limits.MAX_CRON_LENGTH).strip();
    Arguments.id("cron", text, Limits.MAX_CRON_LENGTH);
    ExecutionTime executionTime;
    try {
      executionTime = ExecutionTime.forCron(PARSER.parse(text));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequestException(
          "cron",
          "not a five-field UNIX cron expression (" + reason(e) + "), was " + Arguments.echo(text));
    }
    Cron cron = new Cron(text, executionTime);
    Instant horizon = now.atZone(ZoneOffset.UTC).plusYears(HORIZON_YEARS).toInstant();
    Optional<LocalDateTime> first = cron.nextLocal(LocalDateTime.ofInstant(now, ZoneOffset.UTC));
    if (first.isEmpty() || first.get().toInstant(ZoneOffset.UTC).isAfter(horizon)) {
      throw new InvalidRequestException(
          "cron", "never fires within " + HORIZON_YEARS + " years, was " + Arguments.echo(text));
    }
    return cron;
  }

  /** The expression, as given without surrounding white space. */
  public String expression() {
    return expression;
  }

  /**
   * The first firing strictly after {@code after}, with local times read in {@code zone} (see the
   * class comment for the daylight saving rules); empty only when the expression matches no date
   * after {@code after}, which {@link #parse} does not let through for the years ahead.
   */
  public Optional<Instant> next(Instant after, ZoneId zone) {
    Objects.requireNonNull(after, "after");
    Objects.requireNonNull(zone, "zone");
    LocalDateTime local = LocalDateTime.ofInstant(after, zone);
    // A bounded walk: it only loops for local times that map back to or before `after`, which
    // happens within one repeated hour or one gap, so a handful of steps at most.
    for (int step = 0; step < 1000; step++) {
      Optional<LocalDateTime> candidate = nextLocal(local);
      if (candidate.isEmpty()) {
        return Optional.empty();
      }
      // ofLocal keeps the earlier offset in an overlap and shifts a time in a gap forward.
      Instant instant = ZonedDateTime.ofLocal(candidate.get(), zone, null).toInstant();
      if (instant.isAfter(after)) {
        return Optional.of(instant);
      }
      local = candidate.get();
    }
    return Optional.empty();
  }

  /** The first local date-time matching the expression strictly after {@code local}. */
  private Optional<LocalDateTime> nextLocal(LocalDateTime local) {
    // cron-utils is given a fixed offset, so it sees a calendar without shifts, and we map local
    // times to instants ourselves: given a zone with shifts, cron-utils skips a time inside a
    // spring-forward gap and fires a time twice at fall-back.
    return executionTime
        .nextExecution(local.atZone(ZoneOffset.UTC))
        .map(ZonedDateTime::toLocalDateTime);
  }

  private static String reason(IllegalArgumentException e) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    return message.replace("Failed to parse cron expression.", "").strip();
  }

  @Override
  public boolean equals(@Nullable Object o) {
    return o instanceof Cron other && expression.equals(other.expression);
  }

  @Override
  public int hashCode() {
    return expression.hashCode();
  }

  @Override
  public String toString() {
    return expression;
  }
}
