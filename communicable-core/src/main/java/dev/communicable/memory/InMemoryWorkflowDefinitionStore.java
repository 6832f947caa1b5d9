package dev.communicable.memory;

import dev.communicable.Arguments;
import dev.communicable.NotFoundException;
import dev.communicable.spi.WorkflowDefinitionStore;
import dev.communicable.workflow.Workflow;
import dev.communicable.workflow.WorkflowVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Versioned workflow definitions in memory; every version is kept, as in the database. Public so
 * that a test can put it into a {@code Stores.of(...)} set of its own.
 */
public final class InMemoryWorkflowDefinitionStore implements WorkflowDefinitionStore {

  private static final class Versions {
    final List<WorkflowVersion> all = new ArrayList<>();
    int active;

    WorkflowVersion active() {
      return all.get(active - 1);
    }
  }

  /** Tenant, then workflow id (sorted, so that {@link #activeFor} lists by id). */
  private final Map<String, TreeMap<String, Versions>> tenants = new HashMap<>();

  @Override
  public synchronized WorkflowVersion publish(
      String tenantId, Workflow workflow, String publishedBy, Instant at) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notNull("workflow", workflow);
    Arguments.notBlank("publishedBy", publishedBy);
    Arguments.notNull("at", at);
    Versions versions =
        tenants
            .computeIfAbsent(tenantId, t -> new TreeMap<>())
            .computeIfAbsent(workflow.id(), id -> new Versions());
    WorkflowVersion published =
        new WorkflowVersion(
            tenantId, workflow.id(), versions.all.size() + 1, workflow, publishedBy, at);
    versions.all.add(published);
    versions.active = published.version();
    return published;
  }

  @Override
  public synchronized WorkflowVersion activate(String tenantId, String workflowId, int version) {
    Versions versions = lookup(tenantId, workflowId);
    Arguments.positive("version", version);
    if (versions == null) {
      throw new NotFoundException(tenantId, "workflow", workflowId);
    }
    if (version > versions.all.size()) {
      throw new NotFoundException(tenantId, "workflow version", workflowId + "@" + version);
    }
    versions.active = version;
    return versions.active();
  }

  @Override
  public synchronized Optional<WorkflowVersion> active(String tenantId, String workflowId) {
    Versions versions = lookup(tenantId, workflowId);
    return versions == null ? Optional.empty() : Optional.of(versions.active());
  }

  @Override
  public synchronized Optional<WorkflowVersion> version(
      String tenantId, String workflowId, int version) {
    Versions versions = lookup(tenantId, workflowId);
    Arguments.positive("version", version);
    if (versions == null || version > versions.all.size()) {
      return Optional.empty();
    }
    return Optional.of(versions.all.get(version - 1));
  }

  @Override
  public synchronized List<WorkflowVersion> versions(
      String tenantId, String workflowId, int limit) {
    Versions versions = lookup(tenantId, workflowId);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    if (versions == null) {
      return List.of();
    }
    List<WorkflowVersion> newestFirst = new ArrayList<>(Math.min(limit, versions.all.size()));
    for (int i = versions.all.size() - 1; i >= 0 && newestFirst.size() < limit; i--) {
      newestFirst.add(versions.all.get(i));
    }
    return List.copyOf(newestFirst);
  }

  @Override
  public synchronized List<WorkflowVersion> activeFor(
      String tenantId, String eventName, int limit) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("eventName", eventName);
    Arguments.between("limit", limit, 1, MAX_LIMIT);
    TreeMap<String, Versions> workflows = tenants.get(tenantId);
    if (workflows == null) {
      return List.of();
    }
    List<WorkflowVersion> found = new ArrayList<>();
    for (Versions versions : workflows.values()) {
      Workflow w = versions.active().workflow();
      if (w.trigger().equals(eventName) || w.cancelOn().contains(eventName)) {
        found.add(versions.active());
        if (found.size() == limit) {
          break;
        }
      }
    }
    return List.copyOf(found);
  }

  private @Nullable Versions lookup(String tenantId, String workflowId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("workflowId", workflowId);
    TreeMap<String, Versions> workflows = tenants.get(tenantId);
    return workflows == null ? null : workflows.get(workflowId);
  }
}
