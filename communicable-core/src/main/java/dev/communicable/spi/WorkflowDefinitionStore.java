package dev.communicable.spi;

import dev.communicable.workflow.Workflow;
import dev.communicable.workflow.WorkflowVersion;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Versioned workflow definitions per tenant, one version of each workflow active at a time. Callers
 * pass checked values (a built {@link Workflow}, ids within {@code Limits}). Passes {@code
 * WorkflowDefinitionStoreContract} in communicable-testkit.
 */
public interface WorkflowDefinitionStore {

  /** The largest {@code limit} of a listing. */
  int MAX_LIMIT = 1000;

  /**
   * Stores {@code workflow} as the next version of the tenant's workflow of that id (1 if it is
   * new) and makes it the active version.
   */
  WorkflowVersion publish(String tenantId, Workflow workflow, String publishedBy, Instant at);

  /**
   * Makes an existing version the active one again (a rollback, or forward again after one).
   *
   * @throws dev.communicable.NotFoundException when the workflow or the version does not exist
   */
  WorkflowVersion activate(String tenantId, String workflowId, int version);

  /** The active version, if the workflow exists. */
  Optional<WorkflowVersion> active(String tenantId, String workflowId);

  /** A given version, if it exists. */
  Optional<WorkflowVersion> version(String tenantId, String workflowId, int version);

  /**
   * The newest {@code limit} versions (1 to {@value #MAX_LIMIT}), newest first; empty for an
   * unknown workflow.
   */
  List<WorkflowVersion> versions(String tenantId, String workflowId, int limit);

  /**
   * The active versions of the tenant's workflows whose trigger, or one of whose cancel events, is
   * {@code eventName}: at most {@code limit} (1 to {@value #MAX_LIMIT}), ordered by workflow id.
   */
  List<WorkflowVersion> activeFor(String tenantId, String eventName, int limit);
}
