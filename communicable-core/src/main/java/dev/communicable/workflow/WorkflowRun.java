package dev.communicable.workflow;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One run of a workflow as {@code workflows().run(...)} shows it: what started it, where it stands
 * and every step it recorded, with times, like a delivery's timeline.
 *
 * @param id the run
 * @param tenantId the tenant
 * @param workflowId the workflow
 * @param workflowVersion the workflow's version the run follows (the one active when it started)
 * @param eventName the event that started it
 * @param eventId the event's id, if it had one
 * @param recipientId the recipient
 * @param correlation the value of the workflow's correlation key in the event data, if any
 * @param state where it stands
 * @param nextStepId the step it executes next; null once it ended or ran out of steps
 * @param dueAt when its next step is due; null once it ended
 * @param createdAt when it started
 * @param updatedAt when it last changed
 * @param steps what it did, in order (at most 1,000 records)
 */
public record WorkflowRun(
    UUID id,
    String tenantId,
    String workflowId,
    int workflowVersion,
    String eventName,
    @Nullable String eventId,
    String recipientId,
    @Nullable String correlation,
    RunState state,
    @Nullable String nextStepId,
    @Nullable Instant dueAt,
    Instant createdAt,
    Instant updatedAt,
    List<RunStep> steps) {
  public WorkflowRun {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(workflowId, "workflowId");
    Objects.requireNonNull(eventName, "eventName");
    Objects.requireNonNull(recipientId, "recipientId");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    steps = List.copyOf(Objects.requireNonNull(steps, "steps"));
  }

  /** The recorded steps of a step id, oldest first (a step may record several times). */
  public List<RunStep> stepsOf(String stepId) {
    return steps.stream().filter(s -> s.stepId().equals(stepId)).toList();
  }

  /** The last record of a step id, if it recorded any. */
  public Optional<RunStep> lastOf(String stepId) {
    List<RunStep> of = stepsOf(stepId);
    return of.isEmpty() ? Optional.empty() : Optional.of(of.get(of.size() - 1));
  }
}
