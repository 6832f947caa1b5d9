package dev.communicable.spi;

import dev.communicable.MessageId;
import dev.communicable.workflow.RunStep;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Durable workflow runs: each run is a row with a due time, claimed with a lease like a delivery,
 * written back guarded by its version, with an append-only record of its steps. Implementations: in
 * memory ({@code InMemoryWorkflowRunStore}) and JDBC (PostgreSQL claims with {@code FOR UPDATE SKIP
 * LOCKED}). Passes {@code WorkflowRunStoreContract} in communicable-testkit.
 *
 * <p>Every method is scoped by tenant except {@link #claim}, which serves every tenant's runs.
 */
public interface WorkflowRunStore {

  /** The most runs one claim, list or cancel call handles. */
  int MAX_LIMIT = 1000;

  /** The most step records one read returns. */
  int MAX_STEPS = 1000;

  /**
   * Starts the runs of one trigger, once per {@code triggerKey}: when the key was already used in
   * the tenant and has not expired, nothing is written and the first trigger's runs are returned as
   * a duplicate; otherwise the key is (re)recorded until {@code keyExpiresAt} with these runs' ids,
   * and each run is written with one step record ({@code start}, {@code run}, {@code started}, the
   * event name), all in one transaction.
   *
   * @param runs new runs (version 0) of the tenant; may be empty (the key is still recorded)
   */
  TriggeredRuns start(
      String tenantId, String triggerKey, Instant keyExpiresAt, List<StoredRun> runs, Instant now);

  /**
   * Leases up to {@code limit} due runs (RUNNING or WAITING, due at or before {@code now}, not
   * leased or with a lease run out) to {@code workerId} until {@code leaseUntil}, highest priority
   * and earliest due first, skipping runs another claimer holds; each claimed run's version goes
   * one up.
   *
   * @return the runs as leased
   */
  List<StoredRun> claim(String workerId, int limit, Instant now, Instant leaseUntil);

  /**
   * Writes a run its claimer holds, with its step records, in one transaction: only when the stored
   * version is {@code update.expectedVersion()} and the lease owner {@code update.leaseOwner()}.
   * The write clears the lease and moves the version one up.
   *
   * @return false when the guard failed (the run was cancelled, woken or taken over): nothing was
   *     written
   */
  boolean update(RunUpdate update);

  /** Gives up a lease {@code leaseOwner} still holds, so the run can be claimed again at once. */
  void release(String tenantId, UUID runId, String leaseOwner);

  /** The run, if it exists in the tenant. */
  Optional<StoredRun> run(String tenantId, UUID runId);

  /** The run's step records in order, at most {@link #MAX_STEPS}. */
  List<RunStep> steps(String tenantId, UUID runId);

  /**
   * A page of a workflow's runs, newest first (by start time, then id).
   *
   * @param recipientId only this recipient's runs; null for every recipient
   * @param after the last run of the previous page; null for the first page
   * @param limit 1 to {@link #MAX_LIMIT}
   */
  List<StoredRun> runs(
      String tenantId,
      String workflowId,
      @Nullable String recipientId,
      @Nullable UUID after,
      int limit);

  /**
   * Cancels the active runs of a workflow whose correlation value is {@code correlation}, at most
   * {@link #MAX_LIMIT} of them: each becomes CANCELLED (no due time, no lease, version one up) with
   * {@code record} appended.
   *
   * @return the runs cancelled
   */
  List<UUID> cancelCorrelated(
      String tenantId, String workflowId, String correlation, RunStep record, Instant now);

  /**
   * Cancels one run if it is active, appending {@code record}.
   *
   * @return false when it does not exist or had already ended
   */
  boolean cancel(String tenantId, UUID runId, RunStep record, Instant now);

  /**
   * Makes the active runs waiting for a receipt of {@code messageId} due now (version one up, so a
   * runner holding one loses its write and looks again). A run already due and not held is left as
   * it is.
   *
   * @return how many runs were woken
   */
  int wake(String tenantId, MessageId messageId, Instant now);

  /**
   * Adds a run's event to the digest {@code digestKey}, in one transaction. When the digest has an
   * active collector, the run's item is appended to it ({@code MERGED}, or {@code COLLECTOR} again
   * for the collector itself). Otherwise: with {@code firstPasses} (a backoff digest) and no window
   * open, the run opens the window until {@code closesAt} and goes on at once ({@code PASSED});
   * with a backoff window open, or without {@code firstPasses}, the run becomes the collector
   * ({@code COLLECTOR}) with its own item first, until the open window's end or {@code closesAt}.
   * An item is kept with its data while the digest holds fewer than {@code maxItems}; later ones
   * are only counted. A run that joins twice (a step re-run after a crash) is counted once.
   */
  DigestJoin joinDigest(
      String tenantId,
      String digestKey,
      UUID runId,
      Map<String, Object> item,
      int maxItems,
      boolean firstPasses,
      Instant closesAt,
      Instant now);

  /**
   * Closes the digest {@code digestKey} if {@code collectorId} still collects it (so that later
   * events start a new one), and returns what the collector collected. Repeatable: the items stay
   * with the collector, so a collector re-run after a crash gets them again.
   */
  DigestItems closeDigest(String tenantId, String digestKey, UUID collectorId);

  /**
   * Deletes, in one short transaction, up to {@code limit} rows of finished history across all
   * tenants: first finished runs (COMPLETED, CANCELLED, THROTTLED, MERGED, FAILED) last updated
   * before {@code before}, oldest first, with their step records, the digest items they collected
   * and a digest row still naming them; then, within what is left of {@code limit}, digest rows
   * whose window closed before {@code before} and that no active run collects. An active run, and a
   * digest an active run collects (with its items, those of merged runs included), is never
   * touched. A merged run may go before its collector: its item stays with the collector.
   *
   * @param limit 1 to {@link #MAX_LIMIT}
   * @return how many runs, and digest rows no run took with it, were deleted; call again while it
   *     returns {@code limit}
   */
  int purge(Instant before, int limit);

  /**
   * Deletes up to {@code limit} trigger keys (all tenants) whose idempotency window has ended (kept
   * until at or before {@code now}), in one short transaction; a trigger with the same key then
   * starts new runs, as it would with the key expired but kept.
   *
   * @param limit 1 to {@link #MAX_LIMIT}
   * @return how many keys were deleted; call again while it returns {@code limit}
   */
  int purgeExpiredTriggers(Instant now, int limit);
}
