package dev.communicable.workflow;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * Publishing and rolling back a tenant's workflow definitions, triggering them and following their
 * runs; reached by {@code communication.workflows()}. Each publication is a new version that
 * becomes active at once, like a template's; a run keeps the version it started on. See
 * docs/workflows.md.
 */
public interface Workflows {

  /** The most versions {@link #versions(String, String)} lists. */
  int MAX_VERSIONS_LISTED = 100;

  /**
   * Publishes {@code workflow} as the next version of the tenant's workflow of that id, which
   * becomes active.
   *
   * @throws dev.communicable.InvalidRequestException for a bad tenant or publisher id
   */
  WorkflowVersion publish(String tenantId, Workflow workflow, String publishedBy);

  /**
   * Reads {@code json} (see {@link WorkflowJson}) and publishes it as the next version of the
   * workflow it describes; nothing is stored when it is not valid.
   *
   * @throws dev.communicable.InvalidRequestException naming the first wrong field by its JSON path,
   *     such as {@code steps[2].duration}
   */
  WorkflowVersion publishJson(String tenantId, String json, String publishedBy);

  /**
   * Makes an earlier (or later) version active again.
   *
   * @throws dev.communicable.NotFoundException when the workflow or version does not exist
   */
  WorkflowVersion rollback(String tenantId, String workflowId, int version);

  /** The active version, if the workflow exists. */
  Optional<WorkflowVersion> active(String tenantId, String workflowId);

  /** A given version, if it exists. */
  Optional<WorkflowVersion> version(String tenantId, String workflowId, int version);

  /**
   * The newest {@value #MAX_VERSIONS_LISTED} versions, newest first; empty for an unknown workflow.
   */
  List<WorkflowVersion> versions(String tenantId, String workflowId);

  /**
   * Gives an event to the tenant's workflows, as {@code Communication.trigger} does: starts a run
   * of each active workflow triggered by its name (once per event within 24 hours) and cancels the
   * active runs of workflows naming it in {@code cancelOn} with the same correlation value.
   *
   * @throws dev.communicable.InvalidRequestException when the event is null
   */
  Triggered trigger(Event event);

  /** The most runs {@link #runs(String, String, String, int)} lists. */
  int MAX_RUNS_LISTED = 100;

  /**
   * A run with every step it recorded and their times.
   *
   * @throws dev.communicable.NotFoundException when the tenant has no such run
   */
  WorkflowRun run(String tenantId, UUID runId);

  /**
   * The newest runs of a workflow, newest first, each with its steps.
   *
   * @param recipientId only this recipient's runs; null for every recipient
   * @param limit 1 to {@value #MAX_RUNS_LISTED}
   */
  List<WorkflowRun> runs(
      String tenantId, String workflowId, @Nullable String recipientId, int limit);

  /**
   * Cancels a run that is still active (RUNNING or WAITING); a step it is executing at this moment
   * writes nothing.
   *
   * @return false when it had already ended
   * @throws dev.communicable.NotFoundException when the tenant has no such run
   */
  boolean cancel(String tenantId, UUID runId);
}
