package dev.communicable.campaign;

/**
 * Where a campaign stands.
 *
 * <pre>
 * DRAFT -- start --> RUNNING -- pause --> PAUSED -- resume --> RUNNING
 * RUNNING -- last page queued --> COMPLETED
 * RUNNING -- the audience threw --> STOPPED_ON_ERROR -- resume --> RUNNING
 * DRAFT, RUNNING, PAUSED, STOPPED_ON_ERROR -- cancel --> CANCELLED
 * </pre>
 *
 * Any other move throws {@link IllegalCampaignStateException}.
 */
public enum CampaignState {
  /** Created, not started: nothing is queued. */
  DRAFT,
  /** Its pages are being queued, one at a time. */
  RUNNING,
  /** Paused after the page in progress; {@code resume} goes on from the next one. */
  PAUSED,
  /** Every page is queued. Terminal (its deliveries may still be going out). */
  COMPLETED,
  /** Cancelled: no more pages, and its deliveries not yet sent were cancelled. Terminal. */
  CANCELLED,
  /**
   * A page could not be queued (the audience threw, or the page was refused); the error is recorded
   * and the cursor stays at the last page completed, so {@code resume} reads that page again.
   */
  STOPPED_ON_ERROR;

  /** True for COMPLETED and CANCELLED, which no move leaves. */
  public boolean isTerminal() {
    return this == COMPLETED || this == CANCELLED;
  }
}
