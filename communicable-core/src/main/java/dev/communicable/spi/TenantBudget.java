package dev.communicable.spi;

import dev.communicable.Arguments;
import dev.communicable.channel.ChannelType;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * A tenant's quota of sends on one channel per calendar day or month, counted in the tenant's own
 * time zone: a daily budget for a tenant in Tokyo resets at midnight Tokyo time, a monthly one on
 * the first of the month there.
 *
 * <p>The definition travels with each call to {@link TenantBudgets}, so changing a quota takes
 * effect on the next call; what was already used in the period is kept.
 *
 * @param tenantId the tenant
 * @param channel the channel counted
 * @param quota the most sends per period, at least 0 (0 allows none)
 * @param period the calendar period the count is kept per
 * @param zone the tenant's time zone, where periods begin and end
 */
public record TenantBudget(
    String tenantId, ChannelType channel, long quota, Period period, ZoneId zone) {

  public TenantBudget {
    Arguments.notBlank("budget.tenantId", tenantId);
    Arguments.notNull("budget.channel", channel);
    Arguments.check(quota >= 0, "budget.quota", "must not be negative, was " + quota);
    Arguments.notNull("budget.period", period);
    Arguments.notNull("budget.zone", zone);
  }

  /** At most {@code quota} sends by {@code tenantId} on {@code channel} per day in {@code zone}. */
  public static TenantBudget daily(String tenantId, ChannelType channel, long quota, ZoneId zone) {
    return new TenantBudget(tenantId, channel, quota, Period.DAY, zone);
  }

  /**
   * At most {@code quota} sends by {@code tenantId} on {@code channel} per calendar month in {@code
   * zone}.
   */
  public static TenantBudget monthly(
      String tenantId, ChannelType channel, long quota, ZoneId zone) {
    return new TenantBudget(tenantId, channel, quota, Period.MONTH, zone);
  }

  /** The first day, in the tenant's zone, of the period that contains {@code at}. */
  public LocalDate periodStart(Instant at) {
    LocalDate day = at.atZone(zone).toLocalDate();
    return switch (period) {
      case DAY -> day;
      case MONTH -> day.withDayOfMonth(1);
    };
  }

  /** When the period that contains {@code at} ends and the count starts again from zero. */
  public Instant resetsAt(Instant at) {
    LocalDate start = periodStart(at);
    LocalDate next =
        switch (period) {
          case DAY -> start.plusDays(1);
          case MONTH -> start.plusMonths(1);
        };
    return next.atStartOfDay(zone).toInstant();
  }

  /** A calendar period a budget is counted per. */
  public enum Period {
    /** From midnight to midnight in the tenant's zone. */
    DAY,
    /** From the first of the month to the first of the next, in the tenant's zone. */
    MONTH
  }
}
