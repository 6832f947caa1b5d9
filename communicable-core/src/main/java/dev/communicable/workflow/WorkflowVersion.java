package dev.communicable.workflow;

import java.time.Instant;
import java.util.Objects;

/**
 * One published version of a tenant's workflow.
 *
 * @param version 1 for the first publication, then one more for each
 * @param publishedBy who published it
 * @param publishedAt when
 */
public record WorkflowVersion(
    String tenantId,
    String workflowId,
    int version,
    Workflow workflow,
    String publishedBy,
    Instant publishedAt) {
  public WorkflowVersion {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(workflowId, "workflowId");
    Objects.requireNonNull(workflow, "workflow");
    Objects.requireNonNull(publishedBy, "publishedBy");
    Objects.requireNonNull(publishedAt, "publishedAt");
    if (!workflow.id().equals(workflowId)) {
      throw new IllegalArgumentException(
          "workflowId " + workflowId + " is not the workflow's id " + workflow.id());
    }
    if (version < 1) {
      throw new IllegalArgumentException("version must be at least 1, was " + version);
    }
  }
}
