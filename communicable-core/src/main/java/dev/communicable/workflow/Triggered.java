package dev.communicable.workflow;

import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What {@code Communication.trigger} did with an event.
 *
 * @param started the runs the event started, one per workflow it triggers; when {@code duplicate},
 *     the runs the first trigger of the same event started
 * @param duplicate true when the same event (its id, or else its name, recipient and data) was
 *     triggered within the idempotency window: nothing new was started or cancelled
 * @param cancelled the waiting runs the event cancelled (of workflows naming it in {@code
 *     cancelOn}, with the same correlation value)
 */
public record Triggered(List<UUID> started, boolean duplicate, List<UUID> cancelled) {
  public Triggered {
    started = List.copyOf(Objects.requireNonNull(started, "started"));
    cancelled = List.copyOf(Objects.requireNonNull(cancelled, "cancelled"));
  }
}
