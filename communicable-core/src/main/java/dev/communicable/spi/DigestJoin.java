package dev.communicable.spi;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * What joining a digest made of a run: see {@link WorkflowRunStore#joinDigest}.
 *
 * @param outcome the run's role
 * @param collectorId the run that collects (this run when {@code COLLECTOR}); this run when {@code
 *     PASSED}
 * @param closesAt when the digest's window closes
 */
public record DigestJoin(Outcome outcome, UUID collectorId, Instant closesAt) {
  public DigestJoin {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(collectorId, "collectorId");
    Objects.requireNonNull(closesAt, "closesAt");
  }

  /** A run's role in a digest. */
  public enum Outcome {
    /** The run collects: it waits until the window closes, then sends the items. */
    COLLECTOR,
    /** The run's event was added to another run's digest; the run ends as MERGED. */
    MERGED,
    /** The first event of a backoff window: the run goes on at once and opens the window. */
    PASSED
  }
}
