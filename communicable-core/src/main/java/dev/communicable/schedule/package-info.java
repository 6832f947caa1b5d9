/**
 * Time-based sending: {@link dev.communicable.schedule.Cron} expressions evaluated in a time zone,
 * correct across daylight saving shifts, and recurring schedules that send a notification at each
 * firing ({@link dev.communicable.schedule.Schedules}, from {@code Communication.schedules()}).
 */
@NullMarked
package dev.communicable.schedule;

import org.jspecify.annotations.NullMarked;
