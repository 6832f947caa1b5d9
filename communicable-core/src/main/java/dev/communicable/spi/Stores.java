package dev.communicable.spi;

import dev.communicable.Arguments;

/**
 * The set of stores a {@code Communication} runs on, from one backend: {@code
 * InMemoryStores.create()} or {@code JdbcStores.h2(...)} / {@code JdbcStores.postgres(...)}.
 */
public interface Stores {

  DeliveryStore deliveries();

  TemplateStore templates();

  PreferenceStore preferences();

  InboxStore inbox();

  DeviceStore devices();

  /** Versioned workflow definitions. */
  WorkflowDefinitionStore workflowDefinitions();

  /** Workflow runs, their step records, trigger keys and digests. */
  WorkflowRunStore workflowRuns();

  /**
   * A set made of the given stores, such as one backend's stores with one of them wrapped (to
   * decorate, count or fail it in a test).
   *
   * <p>Workflow definitions and runs are kept in memory ({@code InMemoryWorkflowDefinitionStore},
   * {@code InMemoryWorkflowRunStore}); give them with the overload for a durable set.
   *
   * @throws dev.communicable.InvalidRequestException naming the store that is null
   */
  static Stores of(
      DeliveryStore deliveries,
      TemplateStore templates,
      PreferenceStore preferences,
      InboxStore inbox,
      DeviceStore devices) {
    return of(
        deliveries,
        templates,
        preferences,
        inbox,
        devices,
        new dev.communicable.memory.InMemoryWorkflowDefinitionStore(),
        new dev.communicable.memory.InMemoryWorkflowRunStore());
  }

  /**
   * A set made of the given stores, workflow definitions and runs included.
   *
   * @throws dev.communicable.InvalidRequestException naming the store that is null
   */
  static Stores of(
      DeliveryStore deliveries,
      TemplateStore templates,
      PreferenceStore preferences,
      InboxStore inbox,
      DeviceStore devices,
      WorkflowDefinitionStore workflowDefinitions,
      WorkflowRunStore workflowRuns) {
    Arguments.notNull("deliveries", deliveries);
    Arguments.notNull("templates", templates);
    Arguments.notNull("preferences", preferences);
    Arguments.notNull("inbox", inbox);
    Arguments.notNull("devices", devices);
    Arguments.notNull("workflowDefinitions", workflowDefinitions);
    Arguments.notNull("workflowRuns", workflowRuns);
    return new Stores() {
      @Override
      public DeliveryStore deliveries() {
        return deliveries;
      }

      @Override
      public TemplateStore templates() {
        return templates;
      }

      @Override
      public PreferenceStore preferences() {
        return preferences;
      }

      @Override
      public InboxStore inbox() {
        return inbox;
      }

      @Override
      public DeviceStore devices() {
        return devices;
      }

      @Override
      public WorkflowDefinitionStore workflowDefinitions() {
        return workflowDefinitions;
      }

      @Override
      public WorkflowRunStore workflowRuns() {
        return workflowRuns;
      }
    };
  }
}
