package dev.communicable.workflow;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * Where a workflow run stands. A run starts RUNNING (a step is due), goes WAITING while a step
 * waits (a delay, a receipt, a digest window) and back to RUNNING when it is due again, and ends in
 * one of the final states. Every move is checked against one table ({@link #canMoveTo}); an illegal
 * one throws {@link IllegalRunTransitionException}.
 */
public enum RunState {
  /** A step is due now or is being executed. */
  RUNNING,
  /** Waiting for a time: a delay, a receipt's deadline, a digest window. */
  WAITING,
  /** Every step ran, or an exit step ended it. */
  COMPLETED,
  /** Cancelled by an event naming it in {@code cancelOn}, or by the application. */
  CANCELLED,
  /** A throttle step found its limit reached; the run ends there. */
  THROTTLED,
  /** Its event was added to another run's digest; that run sends for it. */
  MERGED,
  /** A step could not be executed (its workflow version is gone, its data cannot be sent). */
  FAILED;

  private static final Set<RunState> FINAL =
      EnumSet.of(COMPLETED, CANCELLED, THROTTLED, MERGED, FAILED);

  private static final Map<RunState, Set<RunState>> MOVES =
      Map.of(
          RUNNING, EnumSet.of(RUNNING, WAITING, COMPLETED, CANCELLED, THROTTLED, MERGED, FAILED),
          // A waiting run is woken (RUNNING) or cancelled; its step decides everything else after.
          WAITING, EnumSet.of(RUNNING, WAITING, COMPLETED, CANCELLED, THROTTLED, MERGED, FAILED),
          COMPLETED, EnumSet.noneOf(RunState.class),
          CANCELLED, EnumSet.noneOf(RunState.class),
          THROTTLED, EnumSet.noneOf(RunState.class),
          MERGED, EnumSet.noneOf(RunState.class),
          FAILED, EnumSet.noneOf(RunState.class));

  /** True while the run has steps to go: RUNNING or WAITING. */
  public boolean isActive() {
    return !FINAL.contains(this);
  }

  /** True when a run in this state may move to {@code next}; a final state moves nowhere. */
  public boolean canMoveTo(RunState next) {
    return MOVES.get(this).contains(next);
  }

  /**
   * Returns {@code next} when this state may move to it.
   *
   * @throws IllegalRunTransitionException when it may not
   */
  public RunState moveTo(RunState next) {
    if (!canMoveTo(next)) {
      throw new IllegalRunTransitionException(this, next);
    }
    return next;
  }
}
