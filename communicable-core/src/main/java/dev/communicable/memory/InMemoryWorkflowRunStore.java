package dev.communicable.memory;

import dev.communicable.Arguments;
import dev.communicable.MessageId;
import dev.communicable.spi.DigestItems;
import dev.communicable.spi.DigestJoin;
import dev.communicable.spi.RunUpdate;
import dev.communicable.spi.StoredRun;
import dev.communicable.spi.TriggeredRuns;
import dev.communicable.spi.WorkflowRunStore;
import dev.communicable.workflow.RunState;
import dev.communicable.workflow.RunStep;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Workflow runs in memory, for tests and demos; every method holds one lock, so each is atomic as a
 * transaction would be. Keeps runs, trigger keys and digests until {@link #purge} and {@link
 * #purgeExpiredTriggers} remove the finished and expired ones (the engine's retention does so).
 */
public final class InMemoryWorkflowRunStore implements WorkflowRunStore {
  private record Key(String tenantId, String key) {}

  private record Trigger(Instant expiresAt, List<UUID> runIds) {}

  private record Digest(@Nullable UUID collector, Instant closesAt) {}

  private final Map<UUID, StoredRun> runs = new LinkedHashMap<>();
  private final Map<UUID, List<RunStep>> steps = new HashMap<>();
  private final Map<Key, Trigger> triggers = new HashMap<>();
  private final Map<Key, Digest> digests = new HashMap<>();

  /** Per collector, per joining run, its item's data (null once over the digest's bound). */
  private final Map<UUID, LinkedHashMap<UUID, Optional<Map<String, Object>>>> items =
      new HashMap<>();

  @Override
  public synchronized TriggeredRuns start(
      String tenantId,
      String triggerKey,
      Instant keyExpiresAt,
      List<StoredRun> newRuns,
      Instant now) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("triggerKey", triggerKey);
    Arguments.notNull("keyExpiresAt", keyExpiresAt);
    Arguments.noNulls("runs", newRuns);
    Arguments.notNull("now", now);
    Key key = new Key(tenantId, triggerKey);
    Trigger first = triggers.get(key);
    if (first != null && first.expiresAt().isAfter(now)) {
      return new TriggeredRuns(first.runIds(), true);
    }
    for (StoredRun run : newRuns) {
      Arguments.check(run.tenantId().equals(tenantId), "runs", "hold another tenant's run");
      Arguments.check(!runs.containsKey(run.id()), "runs", "hold a run that exists: " + run.id());
    }
    List<UUID> ids = new ArrayList<>();
    for (StoredRun run : newRuns) {
      runs.put(run.id(), run);
      List<RunStep> log = new ArrayList<>();
      log.add(new RunStep(1, "start", "run", "started", run.eventName(), now));
      steps.put(run.id(), log);
      ids.add(run.id());
    }
    triggers.put(key, new Trigger(keyExpiresAt, List.copyOf(ids)));
    return new TriggeredRuns(ids, false);
  }

  @Override
  public synchronized List<StoredRun> claim(
      String workerId, int limit, Instant now, Instant leaseUntil) {
    Arguments.notBlank("workerId", workerId);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    List<StoredRun> due =
        runs.values().stream()
            .filter(r -> r.state().isActive())
            .filter(r -> r.dueAt() != null && !r.dueAt().isAfter(now))
            .filter(r -> r.leaseUntil() == null || r.leaseUntil().isBefore(now))
            .sorted(
                Comparator.comparing((StoredRun r) -> r.priority().ordinal())
                    .reversed()
                    .thenComparing(StoredRun::dueAt)
                    .thenComparing(StoredRun::id))
            .limit(limit)
            .toList();
    List<StoredRun> claimed = new ArrayList<>(due.size());
    for (StoredRun r : due) {
      StoredRun leased = withLease(r, workerId, leaseUntil, r.version() + 1, now);
      runs.put(r.id(), leased);
      claimed.add(leased);
    }
    return claimed;
  }

  @Override
  public synchronized boolean update(RunUpdate update) {
    Arguments.notNull("update", update);
    StoredRun next = update.run();
    StoredRun stored = runs.get(next.id());
    if (stored == null
        || !stored.tenantId().equals(next.tenantId())
        || stored.version() != update.expectedVersion()
        || !update.leaseOwner().equals(stored.leaseOwner())) {
      return false;
    }
    runs.put(next.id(), withLease(next, null, null, stored.version() + 1, next.updatedAt()));
    append(next.id(), update.steps());
    return true;
  }

  @Override
  public synchronized void release(String tenantId, UUID runId, String leaseOwner) {
    StoredRun stored = runs.get(runId);
    if (stored != null
        && stored.tenantId().equals(tenantId)
        && leaseOwner.equals(stored.leaseOwner())) {
      runs.put(runId, withLease(stored, null, null, stored.version(), stored.updatedAt()));
    }
  }

  @Override
  public synchronized Optional<StoredRun> run(String tenantId, UUID runId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notNull("runId", runId);
    return Optional.ofNullable(runs.get(runId)).filter(r -> r.tenantId().equals(tenantId));
  }

  @Override
  public synchronized List<RunStep> steps(String tenantId, UUID runId) {
    if (run(tenantId, runId).isEmpty()) {
      return List.of();
    }
    List<RunStep> log = steps.getOrDefault(runId, List.of());
    return List.copyOf(log.subList(0, Math.min(log.size(), MAX_STEPS)));
  }

  @Override
  public synchronized List<StoredRun> runs(
      String tenantId,
      String workflowId,
      @Nullable String recipientId,
      @Nullable UUID after,
      int limit) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("workflowId", workflowId);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    Comparator<StoredRun> newestFirst =
        Comparator.comparing(StoredRun::createdAt).thenComparing(StoredRun::id).reversed();
    StoredRun cursor = after == null ? null : runs.get(after);
    return runs.values().stream()
        .filter(r -> r.tenantId().equals(tenantId) && r.workflowId().equals(workflowId))
        .filter(r -> recipientId == null || r.recipient().id().equals(recipientId))
        .filter(r -> cursor == null || newestFirst.compare(r, cursor) > 0)
        .sorted(newestFirst)
        .limit(limit)
        .toList();
  }

  @Override
  public synchronized List<UUID> cancelCorrelated(
      String tenantId, String workflowId, String correlation, RunStep record, Instant now) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("workflowId", workflowId);
    Arguments.notNull("correlation", correlation);
    List<UUID> cancelled = new ArrayList<>();
    for (StoredRun r : List.copyOf(runs.values())) {
      if (cancelled.size() < MAX_LIMIT
          && r.tenantId().equals(tenantId)
          && r.workflowId().equals(workflowId)
          && correlation.equals(r.correlation())
          && r.state().isActive()) {
        cancelNow(r, record, now);
        cancelled.add(r.id());
      }
    }
    return cancelled;
  }

  @Override
  public synchronized boolean cancel(String tenantId, UUID runId, RunStep record, Instant now) {
    Optional<StoredRun> r = run(tenantId, runId).filter(s -> s.state().isActive());
    r.ifPresent(s -> cancelNow(s, record, now));
    return r.isPresent();
  }

  private void cancelNow(StoredRun r, RunStep record, Instant now) {
    runs.put(r.id(), withLease(r.end(RunState.CANCELLED, now), null, null, r.version() + 1, now));
    append(r.id(), List.of(record));
  }

  @Override
  public synchronized int wake(String tenantId, MessageId messageId, Instant now) {
    int woken = 0;
    for (StoredRun r : List.copyOf(runs.values())) {
      if (r.tenantId().equals(tenantId)
          && messageId.equals(r.waitingFor())
          && r.state().isActive()
          && (r.dueAt().isAfter(now) || r.leaseOwner() != null)) {
        StoredRun due =
            new StoredRun(
                r.id(),
                r.tenantId(),
                r.workflowId(),
                r.workflowVersion(),
                r.eventName(),
                r.eventId(),
                r.recipient(),
                r.data(),
                r.priority(),
                r.correlation(),
                r.state(),
                r.nextStep(),
                r.context(),
                r.waitingFor(),
                now,
                r.leaseOwner(),
                r.leaseUntil(),
                r.version() + 1,
                r.createdAt(),
                now);
        runs.put(r.id(), due);
        woken++;
      }
    }
    return woken;
  }

  @Override
  public synchronized DigestJoin joinDigest(
      String tenantId,
      String digestKey,
      UUID runId,
      Map<String, Object> item,
      int maxItems,
      boolean firstPasses,
      Instant closesAt,
      Instant now) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("digestKey", digestKey);
    Arguments.positive("maxItems", maxItems);
    Key key = new Key(tenantId, digestKey);
    Digest digest = digests.get(key);
    boolean collecting =
        digest != null && digest.collector() != null && isActive(digest.collector());
    boolean windowOpen =
        digest != null && digest.collector() == null && digest.closesAt().isAfter(now);
    if (collecting) {
      UUID collector = Objects.requireNonNull(digest.collector());
      addItem(collector, runId, item, maxItems);
      return new DigestJoin(
          collector.equals(runId) ? DigestJoin.Outcome.COLLECTOR : DigestJoin.Outcome.MERGED,
          collector,
          digest.closesAt());
    }
    if (!windowOpen && firstPasses) {
      digests.put(key, new Digest(null, closesAt));
      return new DigestJoin(DigestJoin.Outcome.PASSED, runId, closesAt);
    }
    Instant closes = windowOpen ? digest.closesAt() : closesAt;
    digests.put(key, new Digest(runId, closes));
    addItem(runId, runId, item, maxItems);
    return new DigestJoin(DigestJoin.Outcome.COLLECTOR, runId, closes);
  }

  private boolean isActive(UUID runId) {
    StoredRun r = runs.get(runId);
    return r != null && r.state().isActive();
  }

  private void addItem(UUID collector, UUID runId, Map<String, Object> item, int maxItems) {
    LinkedHashMap<UUID, Optional<Map<String, Object>>> held =
        items.computeIfAbsent(collector, c -> new LinkedHashMap<>());
    if (!held.containsKey(runId)) {
      held.put(runId, held.size() < maxItems ? Optional.of(Map.copyOf(item)) : Optional.empty());
    }
  }

  @Override
  public synchronized DigestItems closeDigest(String tenantId, String digestKey, UUID collectorId) {
    Key key = new Key(tenantId, digestKey);
    Digest digest = digests.get(key);
    if (digest != null && collectorId.equals(digest.collector())) {
      digests.remove(key);
    }
    LinkedHashMap<UUID, Optional<Map<String, Object>>> held =
        items.getOrDefault(collectorId, new LinkedHashMap<>());
    List<Map<String, Object>> kept = new ArrayList<>();
    held.values().forEach(v -> v.ifPresent(kept::add));
    return new DigestItems(kept, held.size());
  }

  @Override
  public synchronized int purge(Instant before, int limit) {
    Arguments.notNull("before", before);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    List<UUID> finished =
        runs.values().stream()
            .filter(r -> !r.state().isActive() && r.updatedAt().isBefore(before))
            .sorted(Comparator.comparing(StoredRun::updatedAt).thenComparing(StoredRun::id))
            .limit(limit)
            .map(StoredRun::id)
            .toList();
    Set<UUID> gone = new HashSet<>(finished);
    for (UUID id : finished) {
      runs.remove(id);
      steps.remove(id);
      items.remove(id);
    }
    digests.values().removeIf(d -> d.collector() != null && gone.contains(d.collector()));
    int removed = finished.size();
    Iterator<Digest> open = digests.values().iterator();
    while (removed < limit && open.hasNext()) {
      Digest d = open.next();
      if (d.closesAt().isBefore(before) && (d.collector() == null || !isActive(d.collector()))) {
        open.remove();
        removed++;
      }
    }
    return removed;
  }

  @Override
  public synchronized int purgeExpiredTriggers(Instant now, int limit) {
    Arguments.notNull("now", now);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    int removed = 0;
    Iterator<Trigger> kept = triggers.values().iterator();
    while (removed < limit && kept.hasNext()) {
      if (!kept.next().expiresAt().isAfter(now)) {
        kept.remove();
        removed++;
      }
    }
    return removed;
  }

  private void append(UUID runId, List<RunStep> records) {
    List<RunStep> log = steps.computeIfAbsent(runId, id -> new ArrayList<>());
    for (RunStep s : records) {
      log.add(new RunStep(log.size() + 1, s.stepId(), s.type(), s.outcome(), s.detail(), s.at()));
    }
  }

  private static StoredRun withLease(
      StoredRun r,
      @Nullable String owner,
      @Nullable Instant until,
      long version,
      Instant updatedAt) {
    return new StoredRun(
        r.id(),
        r.tenantId(),
        r.workflowId(),
        r.workflowVersion(),
        r.eventName(),
        r.eventId(),
        r.recipient(),
        r.data(),
        r.priority(),
        r.correlation(),
        r.state(),
        r.nextStep(),
        r.context(),
        r.waitingFor(),
        r.dueAt(),
        owner,
        until,
        version,
        r.createdAt(),
        updatedAt);
  }
}
