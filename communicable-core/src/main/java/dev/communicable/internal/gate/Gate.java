package dev.communicable.internal.gate;

/**
 * One check a claimed delivery must pass before it is sent. The worker asks its gates in order and
 * stops at the first that does not let the delivery {@linkplain GateDecision#proceeds() proceed}. A
 * gate decides only; the worker turns the decision into the delivery's move.
 */
@FunctionalInterface
public interface Gate {

  /** What becomes of {@code candidate} now; never null. */
  GateDecision check(Candidate candidate);
}
