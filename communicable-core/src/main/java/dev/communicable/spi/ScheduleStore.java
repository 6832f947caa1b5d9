package dev.communicable.spi;

import dev.communicable.schedule.Schedule;
import dev.communicable.schedule.ScheduleState;
import dev.communicable.schedule.ScheduleStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Recurring schedules and their next run times: a small queue of its own. Workers {@link #claimDue
 * claim} due schedules with a lease (on a database, {@code FOR UPDATE SKIP LOCKED}, so nodes never
 * take the same schedule while its lease holds), send the firing, then {@link #advance} them to the
 * next run, a write guarded by the version the claim returned and by the lease owner: a worker
 * whose lease ran out, or whose schedule was changed meanwhile, advances nothing.
 *
 * <p>Every method is scoped by tenant, except the claim, which serves every tenant.
 */
public interface ScheduleStore {

  /** The largest page or claim one call may ask for. */
  int MAX_LIMIT = 1000;

  /**
   * Creates the schedule (ACTIVE, version 1), or replaces the definition and next run time of the
   * schedule with its tenant and id (version incremented, any lease dropped, created time kept). A
   * replaced schedule keeps PAUSED if it was paused; otherwise it is ACTIVE, or FINISHED when
   * {@code nextRunAt} is null.
   *
   * @return the schedule as stored
   */
  ScheduleState save(Schedule schedule, @Nullable Instant nextRunAt, Instant now);

  /** The schedule, if the tenant has one with this id. */
  Optional<ScheduleState> get(String tenantId, String id);

  /**
   * One page of the tenant's schedules in ascending id order (the store's order of strings: a
   * database's collation, Java's {@code String} order in memory), starting after {@code afterId}
   * (null for the first page).
   *
   * @throws dev.communicable.InvalidRequestException when {@code limit} is not between 1 and
   *     {@value #MAX_LIMIT}
   */
  List<ScheduleState> list(String tenantId, @Nullable String afterId, int limit);

  /** Deletes the schedule; false when there was none. */
  boolean delete(String tenantId, String id);

  /**
   * Sets the status and next run time, when the schedule is still at {@code expectedVersion}; drops
   * any lease and increments the version.
   *
   * @return the schedule as updated; empty when it does not exist or is at another version
   */
  Optional<ScheduleState> update(
      String tenantId,
      String id,
      long expectedVersion,
      ScheduleStatus status,
      @Nullable Instant nextRunAt,
      Instant now);

  /**
   * Leases up to {@code limit} due schedules to {@code workerId} until {@code now + lease}: ACTIVE
   * ones whose next run time is at or before {@code now}, not leased, or leased by a worker whose
   * lease ran out at or before {@code now}. Earliest due first.
   *
   * <p>Every tenant's schedules are claimed; a store serves one queue for all of them.
   *
   * @return the claimed schedules, each at its new version
   */
  List<ScheduleState> claimDue(String workerId, int limit, Instant now, Duration lease);

  /**
   * Records a firing: sets the last run time and the next one (FINISHED when {@code nextRunAt} is
   * null), drops the lease and increments the version, when the schedule is still at {@code
   * expectedVersion} and leased to {@code workerId}.
   *
   * @return false when the race was lost (the schedule changed, was deleted or taken over): the
   *     caller skips it
   */
  boolean advance(
      String tenantId,
      String id,
      long expectedVersion,
      String workerId,
      Instant lastRunAt,
      @Nullable Instant nextRunAt,
      Instant now);
}
