package dev.communicable.schedule;

import dev.communicable.Arguments;
import java.time.Instant;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A saved schedule and where it stands.
 *
 * @param schedule the definition
 * @param status active, paused or finished
 * @param nextRunAt the next firing; null when finished (and kept while paused, as it was)
 * @param lastRunAt the last firing that was run, null before the first
 * @param version incremented by every change, claims included: stores guard their writes with it
 * @param createdAt when the schedule was first saved
 * @param updatedAt when it last changed
 */
public record ScheduleState(
    Schedule schedule,
    ScheduleStatus status,
    @Nullable Instant nextRunAt,
    @Nullable Instant lastRunAt,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  /**
   * @throws dev.communicable.InvalidRequestException naming the required component that is null
   */
  public ScheduleState {
    Arguments.notNull("schedule", schedule);
    Arguments.notNull("status", status);
    Arguments.notNull("createdAt", createdAt);
    Arguments.notNull("updatedAt", updatedAt);
  }

  /** The schedule's tenant. */
  public String tenantId() {
    return schedule.tenantId();
  }

  /** The schedule's id. */
  public String id() {
    return schedule.id();
  }

  /** The next firing, empty when finished. */
  public Optional<Instant> next() {
    return Optional.ofNullable(nextRunAt);
  }
}
