package dev.communicable.workflow.internal;

import dev.communicable.Arguments;
import dev.communicable.Limits;
import dev.communicable.spi.CommunicationEvent;
import dev.communicable.spi.EventBus;
import dev.communicable.spi.WorkflowDefinitionStore;
import dev.communicable.workflow.Event;
import dev.communicable.workflow.Triggered;
import dev.communicable.workflow.Workflow;
import dev.communicable.workflow.WorkflowJson;
import dev.communicable.workflow.WorkflowRun;
import dev.communicable.workflow.WorkflowVersion;
import dev.communicable.workflow.Workflows;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * {@link Workflows}: the definition half over a {@link WorkflowDefinitionStore}, the run half
 * handed to the {@link WorkflowRuntime}. The definition half checks the caller's ids, reads JSON
 * before anything is stored, stamps publications with the clock, and announces each publication and
 * rollback on the {@link EventBus} as {@link CommunicationEvent#WORKFLOW_CHANGED}.
 */
public final class WorkflowDefinitionService implements Workflows {
  private final WorkflowDefinitionStore store;
  private final EventBus events;
  private final Clock clock;
  private final WorkflowRuntime runtime;

  public WorkflowDefinitionService(
      WorkflowDefinitionStore store, EventBus events, Clock clock, WorkflowRuntime runtime) {
    this.store = Objects.requireNonNull(store, "store");
    this.events = Objects.requireNonNull(events, "events");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.runtime = Objects.requireNonNull(runtime, "runtime");
  }

  @Override
  public Triggered trigger(Event event) {
    return runtime.trigger(event);
  }

  @Override
  public WorkflowRun run(String tenantId, UUID runId) {
    return runtime.run(tenantId, runId);
  }

  @Override
  public List<WorkflowRun> runs(
      String tenantId, String workflowId, @Nullable String recipientId, int limit) {
    return runtime.runs(tenantId, workflowId, recipientId, limit);
  }

  @Override
  public boolean cancel(String tenantId, UUID runId) {
    return runtime.cancel(tenantId, runId);
  }

  @Override
  public WorkflowVersion publish(String tenantId, Workflow workflow, String publishedBy) {
    requireTenant(tenantId);
    Arguments.notNull("workflow", workflow);
    Arguments.id("publishedBy", publishedBy, Limits.MAX_ID_LENGTH);
    WorkflowVersion published = store.publish(tenantId, workflow, publishedBy, clock.instant());
    announce(published);
    return published;
  }

  @Override
  public WorkflowVersion publishJson(String tenantId, String json, String publishedBy) {
    requireTenant(tenantId);
    Arguments.id("publishedBy", publishedBy, Limits.MAX_ID_LENGTH);
    return publish(tenantId, WorkflowJson.fromJson(json), publishedBy);
  }

  @Override
  public WorkflowVersion rollback(String tenantId, String workflowId, int version) {
    requireTenant(tenantId);
    requireWorkflowId(workflowId);
    Arguments.positive("version", version);
    WorkflowVersion active = store.activate(tenantId, workflowId, version);
    announce(active);
    return active;
  }

  @Override
  public Optional<WorkflowVersion> active(String tenantId, String workflowId) {
    requireTenant(tenantId);
    requireWorkflowId(workflowId);
    return store.active(tenantId, workflowId);
  }

  @Override
  public Optional<WorkflowVersion> version(String tenantId, String workflowId, int version) {
    requireTenant(tenantId);
    requireWorkflowId(workflowId);
    Arguments.positive("version", version);
    return store.version(tenantId, workflowId, version);
  }

  @Override
  public List<WorkflowVersion> versions(String tenantId, String workflowId) {
    requireTenant(tenantId);
    requireWorkflowId(workflowId);
    return store.versions(tenantId, workflowId, MAX_VERSIONS_LISTED);
  }

  private void announce(WorkflowVersion version) {
    events.publish(
        new CommunicationEvent(
            CommunicationEvent.WORKFLOW_CHANGED,
            version.tenantId(),
            Map.of(
                "workflowId", version.workflowId(), "version", String.valueOf(version.version())),
            clock.instant()));
  }

  private static void requireTenant(String tenantId) {
    Arguments.id("tenantId", tenantId, Limits.MAX_ID_LENGTH);
  }

  private static void requireWorkflowId(String workflowId) {
    Arguments.id("workflowId", workflowId, Limits.MAX_NAME_LENGTH);
  }
}
