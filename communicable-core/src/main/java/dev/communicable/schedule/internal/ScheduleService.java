package dev.communicable.schedule.internal;

import dev.communicable.Arguments;
import dev.communicable.CommunicationException;
import dev.communicable.InvalidRequestException;
import dev.communicable.Limits;
import dev.communicable.NotFoundException;
import dev.communicable.Sender;
import dev.communicable.internal.OrchestrationJob;
import dev.communicable.schedule.Schedule;
import dev.communicable.schedule.ScheduleState;
import dev.communicable.schedule.ScheduleStatus;
import dev.communicable.schedule.Schedules;
import dev.communicable.spi.ScheduleStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link Schedules} facade and the job that fires due schedules: claims a batch with a lease,
 * sends each firing through the engine's {@link Sender} with the firing's idempotency key, and
 * advances each schedule to its next run with a write guarded by the claim's version. A node that
 * dies after sending and before advancing leaves the schedule to be claimed again when the lease
 * runs out; the firing is then sent again with the same key, which the engine turns into the first
 * receipt: sent once.
 */
public final class ScheduleService implements Schedules, OrchestrationJob {
  private static final Logger log = LoggerFactory.getLogger(ScheduleService.class);

  /** Schedules claimed per batch. */
  static final int BATCH = 100;

  /** How many times pause and resume try again when the schedule changed under them. */
  private static final int TRIES = 5;

  /**
   * After downtime, the latest missed firing is first looked for this far back from now, so that a
   * frequent expression (every minute) missed for months is not walked firing by firing.
   */
  private static final Duration CATCH_UP_WINDOW = Duration.ofDays(2);

  /** The most firings one walk steps through. */
  private static final int MAX_WALK = 10_000;

  private final ScheduleStore store;
  private final Sender sender;
  private final Clock clock;
  private final String workerId;
  private final Duration lease;

  public ScheduleService(
      ScheduleStore store, Sender sender, Clock clock, String workerId, Duration lease) {
    this.store = Objects.requireNonNull(store, "store");
    this.sender = Objects.requireNonNull(sender, "sender");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.workerId = Objects.requireNonNull(workerId, "workerId");
    this.lease = Objects.requireNonNull(lease, "lease");
  }

  @Override
  public ScheduleState save(Schedule schedule) {
    Arguments.notNull("schedule", schedule);
    Instant now = clock.instant();
    Instant next = firstRun(schedule, now);
    if (next == null) {
      Instant from = schedule.startAt().filter(now::isBefore).orElse(now);
      throw new InvalidRequestException(
          schedule.endAt().isPresent() ? "endAt" : "cron",
          "no firing of '"
              + schedule.cron()
              + "' in "
              + schedule.zone()
              + " between "
              + from
              + " and "
              + schedule.endAt().map(Instant::toString).orElse("the end of time"));
    }
    return store.save(schedule, next, now);
  }

  @Override
  public Optional<ScheduleState> get(String tenantId, String id) {
    checkIds(tenantId, id);
    return store.get(tenantId, id);
  }

  @Override
  public List<ScheduleState> list(String tenantId, @Nullable String afterId, int limit) {
    Arguments.id("tenantId", tenantId, Limits.MAX_ID_LENGTH);
    if (afterId != null) {
      Arguments.id("afterId", afterId, Schedule.MAX_ID_LENGTH);
    }
    Arguments.between("limit", limit, 1, MAX_PAGE);
    return store.list(tenantId, afterId, limit);
  }

  @Override
  public ScheduleState pause(String tenantId, String id) {
    checkIds(tenantId, id);
    for (int i = 0; i < TRIES; i++) {
      ScheduleState state = existing(tenantId, id);
      if (state.status() != ScheduleStatus.ACTIVE) {
        return state;
      }
      Optional<ScheduleState> paused =
          store.update(
              tenantId,
              id,
              state.version(),
              ScheduleStatus.PAUSED,
              state.nextRunAt(),
              clock.instant());
      if (paused.isPresent()) {
        return paused.get();
      }
    }
    throw changing(tenantId, id);
  }

  @Override
  public ScheduleState resume(String tenantId, String id) {
    checkIds(tenantId, id);
    for (int i = 0; i < TRIES; i++) {
      ScheduleState state = existing(tenantId, id);
      if (state.status() != ScheduleStatus.PAUSED) {
        return state;
      }
      Instant now = clock.instant();
      Instant next = firstRun(state.schedule(), now);
      Optional<ScheduleState> resumed =
          store.update(
              tenantId,
              id,
              state.version(),
              next == null ? ScheduleStatus.FINISHED : ScheduleStatus.ACTIVE,
              next,
              now);
      if (resumed.isPresent()) {
        return resumed.get();
      }
    }
    throw changing(tenantId, id);
  }

  @Override
  public boolean delete(String tenantId, String id) {
    checkIds(tenantId, id);
    return store.delete(tenantId, id);
  }

  @Override
  public List<Instant> upcoming(String tenantId, String id, int n) {
    checkIds(tenantId, id);
    Arguments.between("n", n, 1, MAX_UPCOMING);
    ScheduleState state = existing(tenantId, id);
    Schedule schedule = state.schedule();
    Instant first =
        switch (state.status()) {
          case ACTIVE -> state.nextRunAt();
          case PAUSED -> firstRun(schedule, clock.instant());
          case FINISHED -> null;
        };
    List<Instant> firings = new ArrayList<>(n);
    for (Instant at = first; at != null && firings.size() < n; at = following(schedule, at)) {
      firings.add(at);
    }
    return firings;
  }

  @Override
  public String name() {
    return "schedules";
  }

  @Override
  public int runDue() {
    Instant now = clock.instant();
    List<ScheduleState> claimed = store.claimDue(workerId, BATCH, now, lease);
    for (ScheduleState state : claimed) {
      fire(state, now);
    }
    return claimed.size();
  }

  /** Sends the firing that is due (the latest one missed) and advances the schedule. */
  private void fire(ScheduleState state, Instant now) {
    Schedule schedule = state.schedule();
    Instant due = state.nextRunAt();
    if (due == null) {
      return; // a claim returns only schedules with a next run
    }
    Instant end = schedule.endAt().orElse(null);
    if (end != null && due.isAfter(end)) {
      // Not written by this service (it never sets a next run past the end), but a store may hold
      // one: finish the schedule without sending.
      store.update(
          schedule.tenantId(),
          schedule.id(),
          state.version(),
          ScheduleStatus.FINISHED,
          null,
          clock.instant());
      return;
    }
    Instant ran = latestFiring(schedule, due, end != null && end.isBefore(now) ? end : now);
    try {
      sender.send(schedule.notification(ran));
    } catch (InvalidRequestException | NotFoundException e) {
      // Will fail the same way every time (a template deleted, a recipient no longer valid):
      // this firing is skipped, the next ones are tried.
      log.warn(
          "Schedule '{}' of tenant '{}' could not send its firing at {}; skipped: {}",
          schedule.id(),
          schedule.tenantId(),
          ran,
          e.getMessage());
    } catch (RuntimeException e) {
      // May pass (a store down): the lease runs out and the firing is tried again, same key.
      log.warn(
          "Schedule '{}' of tenant '{}' failed to send its firing at {}; tried again after the"
              + " lease",
          schedule.id(),
          schedule.tenantId(),
          ran,
          e);
      return;
    }
    // The first firing after now: after `ran`, the latest firing up to now (or the end).
    Instant next = following(schedule, now);
    if (!store.advance(
        schedule.tenantId(),
        schedule.id(),
        state.version(),
        workerId,
        ran,
        next,
        clock.instant())) {
      log.debug(
          "Schedule '{}' of tenant '{}' changed while firing; not advanced",
          schedule.id(),
          schedule.tenantId());
    }
  }

  /** The schedule's first firing after {@code now}, or at or after its later start time. */
  static @Nullable Instant firstRun(Schedule schedule, Instant now) {
    Instant start = schedule.startAt().orElse(null);
    Instant after = start != null && start.isAfter(now) ? start.minusNanos(1) : now;
    return following(schedule, after);
  }

  /** The schedule's first firing after {@code after}, null when none is left before its end. */
  static @Nullable Instant following(Schedule schedule, Instant after) {
    Instant next = schedule.cron().next(after, schedule.zone()).orElse(null);
    Instant end = schedule.endAt().orElse(null);
    return next == null || (end != null && next.isAfter(end)) ? null : next;
  }

  /** The latest firing from {@code due} to {@code until}: {@code due} when none is later. */
  static Instant latestFiring(Schedule schedule, Instant due, Instant until) {
    Instant windowStart = until.minus(CATCH_UP_WINDOW);
    if (windowStart.isAfter(due)) {
      Instant found = lastFiring(schedule, windowStart, until);
      if (found != null) {
        return found;
      }
    }
    Instant walked = lastFiring(schedule, due, until);
    return walked != null ? walked : due;
  }

  private static @Nullable Instant lastFiring(Schedule schedule, Instant after, Instant until) {
    Instant last = null;
    Instant cursor = after;
    for (int i = 0; i < MAX_WALK; i++) {
      Optional<Instant> next = schedule.cron().next(cursor, schedule.zone());
      if (next.isEmpty() || next.get().isAfter(until)) {
        break;
      }
      last = next.get();
      cursor = last;
    }
    return last;
  }

  private ScheduleState existing(String tenantId, String id) {
    return store
        .get(tenantId, id)
        .orElseThrow(() -> new NotFoundException(tenantId, "schedule", id));
  }

  private static void checkIds(String tenantId, String id) {
    Arguments.id("tenantId", tenantId, Limits.MAX_ID_LENGTH);
    Arguments.id("id", id, Schedule.MAX_ID_LENGTH);
  }

  private static CommunicationException changing(String tenantId, String id) {
    return new CommunicationException(
        "schedule '" + id + "' of tenant '" + tenantId + "' kept changing; try again");
  }
}
