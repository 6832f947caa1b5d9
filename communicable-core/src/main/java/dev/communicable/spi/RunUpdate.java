package dev.communicable.spi;

import dev.communicable.workflow.RunStep;
import java.util.List;
import java.util.Objects;

/**
 * A runner's write of a run it holds: the run's new fields, guarded by the version it read and its
 * lease, together with the step records to append, in one transaction. The write clears the lease.
 *
 * @param run the run as it should be written (state, next step, data, context, wait, due time,
 *     updated time)
 * @param expectedVersion the version the runner read; a write finding another one loses
 * @param leaseOwner the worker that claimed the run; a write finding another owner loses
 * @param steps records to append, in order (their {@code seq} is given by the store)
 */
public record RunUpdate(
    StoredRun run, long expectedVersion, String leaseOwner, List<RunStep> steps) {
  public RunUpdate {
    Objects.requireNonNull(run, "run");
    Objects.requireNonNull(leaseOwner, "leaseOwner");
    steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
  }
}
