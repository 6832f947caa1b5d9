package dev.communicable.workflow;

import java.util.List;
import java.util.Optional;

/**
 * Publishing and rolling back a tenant's workflow definitions; reached by {@code
 * communication.workflows()}. Each publication is a new version that becomes active at once, like a
 * template's.
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
}
