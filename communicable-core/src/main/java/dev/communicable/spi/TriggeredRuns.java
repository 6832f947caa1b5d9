package dev.communicable.spi;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What {@link WorkflowRunStore#start} did.
 *
 * @param runIds the runs the trigger started: the new ones, or those of the first trigger with the
 *     same key when {@code duplicate}
 * @param duplicate true when the key was already used within its window: nothing was started
 */
public record TriggeredRuns(List<UUID> runIds, boolean duplicate) {
  public TriggeredRuns {
    runIds = List.copyOf(Objects.requireNonNull(runIds, "runIds"));
  }
}
