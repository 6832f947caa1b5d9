package dev.communicable.jdbc.internal;

import static dev.communicable.jdbc.internal.schema.Tables.WORKFLOWS;
import static dev.communicable.jdbc.internal.schema.Tables.WORKFLOW_VERSIONS;
import static dev.communicable.jdbc.internal.schema.Tables.WORKFLOW_VERSION_EVENTS;

import dev.communicable.Arguments;
import dev.communicable.NotFoundException;
import dev.communicable.jdbc.internal.schema.tables.records.WorkflowVersionsRecord;
import dev.communicable.spi.WorkflowDefinitionStore;
import dev.communicable.workflow.Workflow;
import dev.communicable.workflow.WorkflowJson;
import dev.communicable.workflow.WorkflowVersion;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * Versioned workflow definitions: one row per workflow (which version is active), one per version
 * holding its JSON, and one per event a version listens to (its trigger and cancel events), which
 * {@link #activeFor} finds through an index.
 */
public final class JdbcWorkflowDefinitionStore implements WorkflowDefinitionStore {
  private final Database db;

  public JdbcWorkflowDefinitionStore(Database db) {
    this.db = Objects.requireNonNull(db, "db");
  }

  @Override
  public WorkflowVersion publish(
      String tenantId, Workflow workflow, String publishedBy, Instant at) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notNull("workflow", workflow);
    Arguments.notBlank("publishedBy", publishedBy);
    Arguments.notNull("at", at);
    String workflowId = workflow.id();
    String definition = WorkflowJson.toJson(workflow);
    return db.transaction(
        "publishing workflow '" + workflowId + "'",
        tx -> {
          tx.insertInto(WORKFLOWS)
              .set(WORKFLOWS.TENANT_ID, tenantId)
              .set(WORKFLOWS.ID, workflowId)
              .set(WORKFLOWS.ACTIVE_VERSION, 0)
              .set(WORKFLOWS.CREATED_AT, at)
              .set(WORKFLOWS.UPDATED_AT, at)
              .onConflictDoNothing()
              .execute();
          // The row lock serializes concurrent publishers of one workflow.
          tx.selectFrom(WORKFLOWS)
              .where(WORKFLOWS.TENANT_ID.eq(tenantId))
              .and(WORKFLOWS.ID.eq(workflowId))
              .forUpdate()
              .fetchSingle();
          Integer last =
              tx.select(DSL.max(WORKFLOW_VERSIONS.VERSION))
                  .from(WORKFLOW_VERSIONS)
                  .where(WORKFLOW_VERSIONS.TENANT_ID.eq(tenantId))
                  .and(WORKFLOW_VERSIONS.WORKFLOW_ID.eq(workflowId))
                  .fetchOne(0, Integer.class);
          int version = last == null ? 1 : last + 1;
          tx.insertInto(WORKFLOW_VERSIONS)
              .set(WORKFLOW_VERSIONS.TENANT_ID, tenantId)
              .set(WORKFLOW_VERSIONS.WORKFLOW_ID, workflowId)
              .set(WORKFLOW_VERSIONS.VERSION, version)
              .set(WORKFLOW_VERSIONS.TRIGGER_EVENT, workflow.trigger())
              .set(WORKFLOW_VERSIONS.DEFINITION, definition)
              .set(WORKFLOW_VERSIONS.PUBLISHED_BY, publishedBy)
              .set(WORKFLOW_VERSIONS.PUBLISHED_AT, at)
              .execute();
          insertEvent(tx, tenantId, workflowId, version, workflow.trigger(), false);
          for (String cancel : workflow.cancelOn()) {
            insertEvent(tx, tenantId, workflowId, version, cancel, true);
          }
          tx.update(WORKFLOWS)
              .set(WORKFLOWS.ACTIVE_VERSION, version)
              .set(WORKFLOWS.UPDATED_AT, at)
              .where(WORKFLOWS.TENANT_ID.eq(tenantId))
              .and(WORKFLOWS.ID.eq(workflowId))
              .execute();
          return new WorkflowVersion(tenantId, workflowId, version, workflow, publishedBy, at);
        });
  }

  private static void insertEvent(
      DSLContext tx,
      String tenantId,
      String workflowId,
      int version,
      String eventName,
      boolean cancels) {
    tx.insertInto(WORKFLOW_VERSION_EVENTS)
        .set(WORKFLOW_VERSION_EVENTS.TENANT_ID, tenantId)
        .set(WORKFLOW_VERSION_EVENTS.WORKFLOW_ID, workflowId)
        .set(WORKFLOW_VERSION_EVENTS.VERSION, version)
        .set(WORKFLOW_VERSION_EVENTS.EVENT_NAME, eventName)
        .set(WORKFLOW_VERSION_EVENTS.CANCELS, cancels)
        .execute();
  }

  @Override
  public WorkflowVersion activate(String tenantId, String workflowId, int version) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("workflowId", workflowId);
    Arguments.positive("version", version);
    return db.transaction(
        "activating workflow '" + workflowId + "' version " + version,
        tx -> {
          WorkflowVersionsRecord stored =
              tx.selectFrom(WORKFLOW_VERSIONS)
                  .where(WORKFLOW_VERSIONS.TENANT_ID.eq(tenantId))
                  .and(WORKFLOW_VERSIONS.WORKFLOW_ID.eq(workflowId))
                  .and(WORKFLOW_VERSIONS.VERSION.eq(version))
                  .fetchOne();
          if (stored == null) {
            boolean exists =
                tx.fetchExists(
                    WORKFLOWS, WORKFLOWS.TENANT_ID.eq(tenantId).and(WORKFLOWS.ID.eq(workflowId)));
            throw exists
                ? new NotFoundException(tenantId, "workflow version", workflowId + "@" + version)
                : new NotFoundException(tenantId, "workflow", workflowId);
          }
          tx.update(WORKFLOWS)
              .set(WORKFLOWS.ACTIVE_VERSION, version)
              .where(WORKFLOWS.TENANT_ID.eq(tenantId))
              .and(WORKFLOWS.ID.eq(workflowId))
              .execute();
          return version(stored);
        });
  }

  @Override
  public Optional<WorkflowVersion> active(String tenantId, String workflowId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("workflowId", workflowId);
    return db.read(
        "reading workflow '" + workflowId + "'",
        ctx ->
            ctx.select(WORKFLOW_VERSIONS.fields())
                .from(WORKFLOWS)
                .join(WORKFLOW_VERSIONS)
                .on(WORKFLOW_VERSIONS.TENANT_ID.eq(WORKFLOWS.TENANT_ID))
                .and(WORKFLOW_VERSIONS.WORKFLOW_ID.eq(WORKFLOWS.ID))
                .and(WORKFLOW_VERSIONS.VERSION.eq(WORKFLOWS.ACTIVE_VERSION))
                .where(WORKFLOWS.TENANT_ID.eq(tenantId))
                .and(WORKFLOWS.ID.eq(workflowId))
                .fetchOptional()
                .map(r -> version(r.into(WORKFLOW_VERSIONS))));
  }

  @Override
  public Optional<WorkflowVersion> version(String tenantId, String workflowId, int version) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("workflowId", workflowId);
    Arguments.positive("version", version);
    return db.read(
        "reading workflow '" + workflowId + "' version " + version,
        ctx ->
            ctx.selectFrom(WORKFLOW_VERSIONS)
                .where(WORKFLOW_VERSIONS.TENANT_ID.eq(tenantId))
                .and(WORKFLOW_VERSIONS.WORKFLOW_ID.eq(workflowId))
                .and(WORKFLOW_VERSIONS.VERSION.eq(version))
                .fetchOptional()
                .map(JdbcWorkflowDefinitionStore::version));
  }

  @Override
  public List<WorkflowVersion> versions(String tenantId, String workflowId, int limit) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("workflowId", workflowId);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    return db.read(
        "listing the versions of workflow '" + workflowId + "'",
        ctx ->
            ctx.selectFrom(WORKFLOW_VERSIONS)
                .where(WORKFLOW_VERSIONS.TENANT_ID.eq(tenantId))
                .and(WORKFLOW_VERSIONS.WORKFLOW_ID.eq(workflowId))
                .orderBy(WORKFLOW_VERSIONS.VERSION.desc())
                .limit(limit)
                .fetch(JdbcWorkflowDefinitionStore::version));
  }

  @Override
  public List<WorkflowVersion> activeFor(String tenantId, String eventName, int limit) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("eventName", eventName);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    return db.read(
        "finding the workflows of event '" + eventName + "'",
        ctx ->
            ctx.select(WORKFLOW_VERSIONS.fields())
                .from(WORKFLOW_VERSION_EVENTS)
                .join(WORKFLOWS)
                .on(WORKFLOWS.TENANT_ID.eq(WORKFLOW_VERSION_EVENTS.TENANT_ID))
                .and(WORKFLOWS.ID.eq(WORKFLOW_VERSION_EVENTS.WORKFLOW_ID))
                .and(WORKFLOWS.ACTIVE_VERSION.eq(WORKFLOW_VERSION_EVENTS.VERSION))
                .join(WORKFLOW_VERSIONS)
                .on(WORKFLOW_VERSIONS.TENANT_ID.eq(WORKFLOW_VERSION_EVENTS.TENANT_ID))
                .and(WORKFLOW_VERSIONS.WORKFLOW_ID.eq(WORKFLOW_VERSION_EVENTS.WORKFLOW_ID))
                .and(WORKFLOW_VERSIONS.VERSION.eq(WORKFLOW_VERSION_EVENTS.VERSION))
                .where(WORKFLOW_VERSION_EVENTS.TENANT_ID.eq(tenantId))
                .and(WORKFLOW_VERSION_EVENTS.EVENT_NAME.eq(eventName))
                .orderBy(WORKFLOW_VERSION_EVENTS.WORKFLOW_ID)
                .limit(limit)
                .fetch(r -> version(r.into(WORKFLOW_VERSIONS))));
  }

  private static WorkflowVersion version(WorkflowVersionsRecord r) {
    return new WorkflowVersion(
        r.getTenantId(),
        r.getWorkflowId(),
        r.getVersion(),
        WorkflowJson.fromJson(r.getDefinition()),
        r.getPublishedBy(),
        r.getPublishedAt());
  }
}
