package dev.communicable.memory;

import dev.communicable.Arguments;
import dev.communicable.schedule.Schedule;
import dev.communicable.schedule.ScheduleState;
import dev.communicable.schedule.ScheduleStatus;
import dev.communicable.spi.ScheduleStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Schedules in memory, per tenant in id order. Thread-safe (one lock). A claim looks at every
 * schedule, which is fine for the numbers a single process keeps in memory.
 */
public final class InMemoryScheduleStore implements ScheduleStore {
  private final Map<String, NavigableMap<String, Row>> byTenant = new HashMap<>();

  /** A stored schedule with its lease. */
  private record Row(
      ScheduleState state, @Nullable String leaseOwner, @Nullable Instant leaseUntil) {
    Row withState(ScheduleState next) {
      return new Row(next, null, null);
    }
  }

  @Override
  public synchronized ScheduleState save(
      Schedule schedule, @Nullable Instant nextRunAt, Instant now) {
    Arguments.notNull("schedule", schedule);
    Arguments.notNull("now", now);
    NavigableMap<String, Row> rows =
        byTenant.computeIfAbsent(schedule.tenantId(), t -> new TreeMap<>());
    Row old = rows.get(schedule.id());
    ScheduleState state;
    if (old == null) {
      state =
          new ScheduleState(
              schedule, statusFor(ScheduleStatus.ACTIVE, nextRunAt), nextRunAt, null, 1, now, now);
    } else {
      ScheduleState was = old.state();
      state =
          new ScheduleState(
              schedule,
              statusFor(was.status(), nextRunAt),
              nextRunAt,
              was.lastRunAt(),
              was.version() + 1,
              was.createdAt(),
              now);
    }
    rows.put(schedule.id(), new Row(state, null, null));
    return state;
  }

  private static ScheduleStatus statusFor(ScheduleStatus was, @Nullable Instant nextRunAt) {
    if (was == ScheduleStatus.PAUSED) {
      return ScheduleStatus.PAUSED;
    }
    return nextRunAt == null ? ScheduleStatus.FINISHED : ScheduleStatus.ACTIVE;
  }

  @Override
  public synchronized Optional<ScheduleState> get(String tenantId, String id) {
    Arguments.notNull("tenantId", tenantId);
    Arguments.notNull("id", id);
    return Optional.ofNullable(row(tenantId, id)).map(Row::state);
  }

  private @Nullable Row row(String tenantId, String id) {
    NavigableMap<String, Row> rows = byTenant.get(tenantId);
    return rows == null ? null : rows.get(id);
  }

  @Override
  public synchronized List<ScheduleState> list(
      String tenantId, @Nullable String afterId, int limit) {
    Arguments.notNull("tenantId", tenantId);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    NavigableMap<String, Row> rows = byTenant.get(tenantId);
    if (rows == null) {
      return List.of();
    }
    NavigableMap<String, Row> page = afterId == null ? rows : rows.tailMap(afterId, false);
    return page.values().stream().limit(limit).map(Row::state).toList();
  }

  @Override
  public synchronized boolean delete(String tenantId, String id) {
    Arguments.notNull("tenantId", tenantId);
    Arguments.notNull("id", id);
    NavigableMap<String, Row> rows = byTenant.get(tenantId);
    return rows != null && rows.remove(id) != null;
  }

  @Override
  public synchronized Optional<ScheduleState> update(
      String tenantId,
      String id,
      long expectedVersion,
      ScheduleStatus status,
      @Nullable Instant nextRunAt,
      Instant now) {
    Arguments.notNull("status", status);
    Arguments.notNull("now", now);
    Row row = row(tenantId, id);
    if (row == null || row.state().version() != expectedVersion) {
      return Optional.empty();
    }
    ScheduleState was = row.state();
    ScheduleState next =
        new ScheduleState(
            was.schedule(),
            status,
            nextRunAt,
            was.lastRunAt(),
            was.version() + 1,
            was.createdAt(),
            now);
    byTenant.get(tenantId).put(id, row.withState(next));
    return Optional.of(next);
  }

  @Override
  public synchronized List<ScheduleState> claimDue(
      String workerId, int limit, Instant now, Duration lease) {
    Arguments.notBlank("workerId", workerId);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    Arguments.notNull("now", now);
    Arguments.positive("lease", lease);
    List<Row> due = new ArrayList<>();
    for (NavigableMap<String, Row> rows : byTenant.values()) {
      for (Row row : rows.values()) {
        ScheduleState s = row.state();
        if (s.status() == ScheduleStatus.ACTIVE
            && s.nextRunAt() != null
            && !s.nextRunAt().isAfter(now)
            && (row.leaseUntil() == null || !row.leaseUntil().isAfter(now))) {
          due.add(row);
        }
      }
    }
    due.sort(Comparator.comparing(r -> Objects.requireNonNull(r.state().nextRunAt())));
    List<ScheduleState> claimed = new ArrayList<>();
    for (Row row : due.subList(0, Math.min(limit, due.size()))) {
      ScheduleState was = row.state();
      ScheduleState next =
          new ScheduleState(
              was.schedule(),
              was.status(),
              was.nextRunAt(),
              was.lastRunAt(),
              was.version() + 1,
              was.createdAt(),
              now);
      byTenant.get(was.tenantId()).put(was.id(), new Row(next, workerId, now.plus(lease)));
      claimed.add(next);
    }
    return claimed;
  }

  @Override
  public synchronized boolean advance(
      String tenantId,
      String id,
      long expectedVersion,
      String workerId,
      Instant lastRunAt,
      @Nullable Instant nextRunAt,
      Instant now) {
    Arguments.notNull("workerId", workerId);
    Arguments.notNull("lastRunAt", lastRunAt);
    Arguments.notNull("now", now);
    Row row = row(tenantId, id);
    if (row == null
        || row.state().version() != expectedVersion
        || !workerId.equals(row.leaseOwner())) {
      return false;
    }
    ScheduleState was = row.state();
    ScheduleState next =
        new ScheduleState(
            was.schedule(),
            nextRunAt == null ? ScheduleStatus.FINISHED : was.status(),
            nextRunAt,
            lastRunAt,
            was.version() + 1,
            was.createdAt(),
            now);
    byTenant.get(tenantId).put(id, row.withState(next));
    return true;
  }
}
