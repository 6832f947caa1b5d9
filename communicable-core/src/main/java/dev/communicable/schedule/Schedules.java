package dev.communicable.schedule;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Recurring schedules: saving, pausing, listing and previewing them; reached by {@code
 * communication.schedules()}. The engine fires due schedules in the background (or in {@code
 * dispatchDue()}), each firing sent as a notification with the idempotency key {@code
 * schedule:<id>:<firing instant>}.
 *
 * <p><b>Missed firings.</b> When no node ran for a while (downtime) and several firings of a
 * schedule passed, the schedule fires once, for the latest of them, and goes on from there: a
 * reminder that was due three times during a weekend outage is sent once on restart, not three
 * times. Firings that pass while a schedule is paused are not made at all.
 */
public interface Schedules {

  /** The most firings {@link #upcoming} shows. */
  int MAX_UPCOMING = 100;

  /** The largest page {@link #list} returns. */
  int MAX_PAGE = 100;

  /**
   * Saves the schedule: creates it, or replaces the schedule of its tenant with its id (which keeps
   * paused if it was). The next run is the first firing after now, or at or after its start time
   * when that is later.
   *
   * @return the schedule as saved, with its next run time
   * @throws dev.communicable.InvalidRequestException naming {@code endAt} when no firing falls
   *     between the start (or now) and the end time; nothing is saved
   */
  ScheduleState save(Schedule schedule);

  /** The schedule, if the tenant has one with this id. */
  Optional<ScheduleState> get(String tenantId, String id);

  /**
   * A page of the tenant's schedules, in id order, after {@code afterId} (null for the first page;
   * pass the last id of a page for the next one).
   *
   * @throws dev.communicable.InvalidRequestException when {@code limit} is not between 1 and
   *     {@value #MAX_PAGE}
   */
  List<ScheduleState> list(String tenantId, @Nullable String afterId, int limit);

  /**
   * Pauses the schedule: it fires no more until resumed. Pausing a paused or finished schedule
   * changes nothing.
   *
   * @throws dev.communicable.NotFoundException when there is no such schedule
   */
  ScheduleState pause(String tenantId, String id);

  /**
   * Resumes a paused schedule from now: its next run is its first firing after now (the firings
   * that passed while it was paused are not made). Resuming an active or finished schedule changes
   * nothing.
   *
   * @throws dev.communicable.NotFoundException when there is no such schedule
   */
  ScheduleState resume(String tenantId, String id);

  /** Deletes the schedule; false when there was none. */
  boolean delete(String tenantId, String id);

  /**
   * The next {@code n} firings of the schedule from its next run (from now when it is paused),
   * within its end time; fewer when it ends before, none when it is finished.
   *
   * @throws dev.communicable.NotFoundException when there is no such schedule
   * @throws dev.communicable.InvalidRequestException when {@code n} is not between 1 and {@value
   *     #MAX_UPCOMING}
   */
  List<Instant> upcoming(String tenantId, String id, int n);
}
