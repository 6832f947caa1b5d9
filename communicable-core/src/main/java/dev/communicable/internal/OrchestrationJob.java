package dev.communicable.internal;

/**
 * One kind of orchestration work the engine runs besides deliveries: due workflow steps, due
 * schedule firings, campaign pages. The {@link Orchestrator} calls {@link #runDue()} on its
 * background thread, and {@code Communication.dispatchDue()} calls it on the caller's thread.
 */
public interface OrchestrationJob {

  /** A short name for logs, such as {@code "workflow runs"}. */
  String name();

  /**
   * Claims and does one bounded batch of what is due now (by the engine's clock).
   *
   * @return how many items were processed; 0 when nothing was due, so the caller may wait
   */
  int runDue();
}
