package dev.communicable.spi;

import dev.communicable.MessageId;
import dev.communicable.Priority;
import dev.communicable.Recipient;
import dev.communicable.workflow.RunState;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * One workflow run as a {@link WorkflowRunStore} keeps it: what started it, where it stands, and
 * the queue fields (due time, lease, version) the runner claims and guards it with.
 *
 * @param id the run
 * @param tenantId the tenant
 * @param workflowId the workflow it runs
 * @param workflowVersion the workflow's version it runs (the one active when it started)
 * @param eventName the event that started it
 * @param eventId the event's id, if the caller gave one
 * @param recipient the recipient, as snapshot when triggered
 * @param data the event's data; a digest collector's data also holds {@code digest}
 * @param priority the event's priority
 * @param correlation the value of the workflow's correlation key in the data, if any
 * @param state where it stands
 * @param nextStep the index of the step to execute next (the steps' count when done)
 * @param context what the run remembers between steps: per send step ({@code "message.<stepId>"})
 *     the message id it sent, a digest collector's key ({@code "digest.<stepId>"})
 * @param waitingFor the message whose receipt it waits for, if any
 * @param dueAt when its next step is due; null once final
 * @param leaseOwner the worker holding it, if claimed
 * @param leaseUntil until when that worker holds it
 * @param version incremented by every write; writes are guarded by it
 * @param createdAt when it started
 * @param updatedAt when it was last written
 */
public record StoredRun(
    UUID id,
    String tenantId,
    String workflowId,
    int workflowVersion,
    String eventName,
    @Nullable String eventId,
    Recipient recipient,
    Map<String, Object> data,
    Priority priority,
    @Nullable String correlation,
    RunState state,
    int nextStep,
    Map<String, String> context,
    @Nullable MessageId waitingFor,
    @Nullable Instant dueAt,
    @Nullable String leaseOwner,
    @Nullable Instant leaseUntil,
    long version,
    Instant createdAt,
    Instant updatedAt) {

  public StoredRun {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(workflowId, "workflowId");
    Objects.requireNonNull(eventName, "eventName");
    Objects.requireNonNull(recipient, "recipient");
    data = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(data, "data")));
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(state, "state");
    context = Map.copyOf(Objects.requireNonNull(context, "context"));
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    if (state.isActive() != (dueAt != null)) {
      throw new IllegalArgumentException(
          "dueAt: an active run has a due time and a final one none; state "
              + state
              + ", dueAt "
              + dueAt);
    }
  }

  /** A new run, RUNNING and due at {@code now}, version 0. */
  public static StoredRun start(
      UUID id,
      String workflowId,
      int workflowVersion,
      String eventName,
      @Nullable String eventId,
      Recipient recipient,
      Map<String, Object> data,
      Priority priority,
      @Nullable String correlation,
      Instant now) {
    return new StoredRun(
        id,
        recipient.tenantId(),
        workflowId,
        workflowVersion,
        eventName,
        eventId,
        recipient,
        data,
        priority,
        correlation,
        RunState.RUNNING,
        0,
        Map.of(),
        null,
        now,
        null,
        null,
        0,
        now,
        now);
  }

  /**
   * The run after a step: its new state, next step, data, context and wait, written at {@code at}.
   * The lease and version are left for the store to set.
   *
   * @throws dev.communicable.workflow.IllegalRunTransitionException when the state may not move to
   *     {@code next}
   */
  public StoredRun next(
      RunState next,
      int nextStep,
      Map<String, Object> data,
      Map<String, String> context,
      @Nullable MessageId waitingFor,
      @Nullable Instant dueAt,
      Instant at) {
    state.moveTo(next);
    return new StoredRun(
        id,
        tenantId,
        workflowId,
        workflowVersion,
        eventName,
        eventId,
        recipient,
        data,
        priority,
        correlation,
        next,
        nextStep,
        context,
        next.isActive() ? waitingFor : null,
        next.isActive() ? dueAt : null,
        leaseOwner,
        leaseUntil,
        version,
        createdAt,
        at);
  }

  /** The run ended in {@code state} (a final one) at {@code at}. */
  public StoredRun end(RunState state, Instant at) {
    if (state.isActive()) {
      throw new IllegalArgumentException("state: " + state + " is not final");
    }
    return next(state, nextStep, data, context, null, null, at);
  }
}
