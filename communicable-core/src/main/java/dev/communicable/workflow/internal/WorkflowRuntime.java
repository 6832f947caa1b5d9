package dev.communicable.workflow.internal;

import dev.communicable.Arguments;
import dev.communicable.Limits;
import dev.communicable.MessageId;
import dev.communicable.NotFoundException;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.spi.CommunicationEvent;
import dev.communicable.spi.StoredRun;
import dev.communicable.spi.TriggeredRuns;
import dev.communicable.spi.WorkflowDefinitionStore;
import dev.communicable.spi.WorkflowRunStore;
import dev.communicable.workflow.Event;
import dev.communicable.workflow.RunStep;
import dev.communicable.workflow.Triggered;
import dev.communicable.workflow.Workflow;
import dev.communicable.workflow.WorkflowRun;
import dev.communicable.workflow.WorkflowVersion;
import dev.communicable.workflow.Workflows;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The run half of workflows: triggering (starting runs once per event, cancelling correlated ones),
 * the run views, cancelling a run, and waking runs on receipts. The steps themselves are executed
 * by {@link WorkflowRunner}.
 */
public final class WorkflowRuntime {
  /** How long a trigger's idempotency key is kept: a repeat within it starts nothing. */
  public static final Duration IDEMPOTENCY_WINDOW = Duration.ofHours(24);

  /** The most active definitions one event is matched against. */
  static final int MAX_DEFINITIONS_PER_EVENT = 100;

  private final WorkflowRunStore runs;
  private final WorkflowDefinitionStore definitions;
  private final Clock clock;
  private final Runnable workDue;
  private final Consumer<Event> eventCheck;

  /**
   * @param workDue called when runs became due now (started or woken), to wake the runner
   * @param eventCheck the engine's own checks of an event (its data's size), before anything is
   *     written; throws {@link dev.communicable.InvalidRequestException}
   */
  public WorkflowRuntime(
      WorkflowRunStore runs,
      WorkflowDefinitionStore definitions,
      Clock clock,
      Runnable workDue,
      Consumer<Event> eventCheck) {
    this.runs = runs;
    this.definitions = definitions;
    this.clock = clock;
    this.workDue = workDue;
    this.eventCheck = eventCheck;
  }

  /**
   * Starts a run of every active workflow the event triggers (once per event: see {@link
   * Event.Builder#id}) and cancels the active runs of workflows that name it in {@code cancelOn}
   * with the same correlation value.
   */
  public Triggered trigger(Event event) {
    Arguments.notNull("event", event);
    eventCheck.accept(event);
    Instant now = clock.instant();
    String tenant = event.tenantId();
    List<WorkflowVersion> matching =
        definitions.activeFor(tenant, event.name(), MAX_DEFINITIONS_PER_EVENT);
    List<StoredRun> toStart = new ArrayList<>();
    for (WorkflowVersion v : matching) {
      Workflow w = v.workflow();
      if (w.trigger().equals(event.name())) {
        toStart.add(
            StoredRun.start(
                UUID.randomUUID(),
                w.id(),
                v.version(),
                event.name(),
                event.id().orElse(null),
                event.recipient(),
                event.data(),
                event.priority(),
                correlation(w, event).orElse(null),
                now));
      }
    }
    TriggeredRuns started =
        runs.start(tenant, TriggerKeys.of(event), now.plus(IDEMPOTENCY_WINDOW), toStart, now);
    if (started.duplicate()) {
      return new Triggered(started.runIds(), true, List.of());
    }
    if (!started.runIds().isEmpty()) {
      workDue.run();
    }
    List<UUID> cancelled = new ArrayList<>();
    for (WorkflowVersion v : matching) {
      Workflow w = v.workflow();
      if (w.cancelOn().contains(event.name())) {
        Optional<String> value = correlation(w, event);
        if (value.isPresent()) {
          cancelled.addAll(
              runs.cancelCorrelated(
                  tenant,
                  w.id(),
                  value.get(),
                  RunStep.of("cancel", "run", "cancelled", "by event " + event.name(), now),
                  now));
        }
      }
    }
    return new Triggered(started.runIds(), false, cancelled);
  }

  /** The value of the workflow's correlation key in the event's data, as text. */
  private static Optional<String> correlation(Workflow w, Event event) {
    return w.correlationKey()
        .map(key -> event.data().get(key))
        .map(String::valueOf)
        .filter(text -> !text.isBlank() && text.length() <= Limits.MAX_ID_LENGTH);
  }

  /**
   * The run with its steps.
   *
   * @throws NotFoundException when the tenant has no such run
   */
  public WorkflowRun run(String tenantId, UUID runId) {
    Arguments.id("tenantId", tenantId, Limits.MAX_ID_LENGTH);
    Arguments.notNull("runId", runId);
    StoredRun run =
        runs.run(tenantId, runId)
            .orElseThrow(() -> new NotFoundException(tenantId, "workflow run", runId.toString()));
    return view(run);
  }

  /** The newest runs of a workflow (for one recipient, or all when null), with their steps. */
  public List<WorkflowRun> runs(
      String tenantId, String workflowId, @Nullable String recipientId, int limit) {
    Arguments.id("tenantId", tenantId, Limits.MAX_ID_LENGTH);
    Arguments.id("workflowId", workflowId, Limits.MAX_ID_LENGTH);
    if (recipientId != null) {
      Arguments.id("recipientId", recipientId, Limits.MAX_ID_LENGTH);
    }
    Arguments.between("limit", limit, 1, Workflows.MAX_RUNS_LISTED);
    return runs.runs(tenantId, workflowId, recipientId, null, limit).stream()
        .map(this::view)
        .toList();
  }

  /**
   * Cancels a run that is still active.
   *
   * @return false when it had already ended
   * @throws NotFoundException when the tenant has no such run
   */
  public boolean cancel(String tenantId, UUID runId) {
    Arguments.id("tenantId", tenantId, Limits.MAX_ID_LENGTH);
    Arguments.notNull("runId", runId);
    Instant now = clock.instant();
    if (runs.run(tenantId, runId).isEmpty()) {
      throw new NotFoundException(tenantId, "workflow run", runId.toString());
    }
    return runs.cancel(
        tenantId, runId, RunStep.of("cancel", "run", "cancelled", "by the application", now), now);
  }

  /**
   * Wakes the runs waiting for a receipt of the delivery's message when the event says it was
   * delivered or read.
   *
   * @return true when a run was woken
   */
  public boolean onEvent(CommunicationEvent event) {
    if (!CommunicationEvent.DELIVERY_STATE_CHANGED.equals(event.type())) {
      return false;
    }
    String to = event.attributes().get("to");
    String messageId = event.attributes().get("messageId");
    if (messageId == null
        || !(DeliveryState.DELIVERED.name().equals(to) || DeliveryState.READ.name().equals(to))) {
      return false;
    }
    MessageId id;
    try {
      id = MessageId.of(messageId);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return woke(runs.wake(event.tenantId(), id, clock.instant()));
  }

  /**
   * Wakes the runs waiting for a receipt of the delivery's message when it is now delivered or
   * read: called by the engine as a receipt is recorded, so that a run on this node does not wait
   * for the event bus.
   *
   * @return true when a run was woken
   */
  public boolean onReceipt(Delivery delivery) {
    DeliveryState state = delivery.state();
    if (state != DeliveryState.DELIVERED && state != DeliveryState.READ) {
      return false;
    }
    return woke(runs.wake(delivery.tenantId(), delivery.messageId(), clock.instant()));
  }

  private boolean woke(int count) {
    if (count > 0) {
      workDue.run();
    }
    return count > 0;
  }

  private WorkflowRun view(StoredRun run) {
    String next = null;
    if (run.state().isActive()) {
      next =
          definitions
              .version(run.tenantId(), run.workflowId(), run.workflowVersion())
              .map(WorkflowVersion::workflow)
              .filter(w -> run.nextStep() < w.steps().size())
              .map(w -> w.steps().get(run.nextStep()).id())
              .orElse(null);
    }
    return new WorkflowRun(
        run.id(),
        run.tenantId(),
        run.workflowId(),
        run.workflowVersion(),
        run.eventName(),
        run.eventId(),
        run.recipient().id(),
        run.correlation(),
        run.state(),
        next,
        run.dueAt(),
        run.createdAt(),
        run.updatedAt(),
        runs.steps(run.tenantId(), run.id()));
  }
}
