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

  /** Recurring schedules. */
  ScheduleStore schedules();

  /** Versioned workflow definitions. */
  WorkflowDefinitionStore workflowDefinitions();

  /** Workflow runs, their steps, trigger keys and digests. */
  WorkflowRunStore workflowRuns();

  /** Campaigns and the pages they queued. */
  CampaignStore campaigns();

  /**
   * A builder of a set that starts as {@code base}'s stores, for replacing some of them: one
   * backend's stores with one wrapped to decorate, count or fail it in a test, for example {@code
   * Stores.from(memory).deliveries(new CountingDeliveryStore(memory.deliveries())).build()}.
   *
   * @throws dev.communicable.InvalidRequestException when {@code base} is null
   */
  static Builder from(Stores base) {
    return new Builder(Arguments.notNull("base", base));
  }

  /** Replaces stores of a set; each setter refuses null, naming the store. */
  final class Builder {
    private DeliveryStore deliveries;
    private TemplateStore templates;
    private PreferenceStore preferences;
    private InboxStore inbox;
    private DeviceStore devices;
    private ScheduleStore schedules;
    private WorkflowDefinitionStore workflowDefinitions;
    private WorkflowRunStore workflowRuns;
    private CampaignStore campaigns;

    private Builder(Stores base) {
      this.deliveries = base.deliveries();
      this.templates = base.templates();
      this.preferences = base.preferences();
      this.inbox = base.inbox();
      this.devices = base.devices();
      this.schedules = base.schedules();
      this.workflowDefinitions = base.workflowDefinitions();
      this.workflowRuns = base.workflowRuns();
      this.campaigns = base.campaigns();
    }

    public Builder deliveries(DeliveryStore store) {
      this.deliveries = Arguments.notNull("deliveries", store);
      return this;
    }

    public Builder templates(TemplateStore store) {
      this.templates = Arguments.notNull("templates", store);
      return this;
    }

    public Builder preferences(PreferenceStore store) {
      this.preferences = Arguments.notNull("preferences", store);
      return this;
    }

    public Builder inbox(InboxStore store) {
      this.inbox = Arguments.notNull("inbox", store);
      return this;
    }

    public Builder devices(DeviceStore store) {
      this.devices = Arguments.notNull("devices", store);
      return this;
    }

    public Builder schedules(ScheduleStore store) {
      this.schedules = Arguments.notNull("schedules", store);
      return this;
    }

    public Builder workflowDefinitions(WorkflowDefinitionStore store) {
      this.workflowDefinitions = Arguments.notNull("workflowDefinitions", store);
      return this;
    }

    public Builder workflowRuns(WorkflowRunStore store) {
      this.workflowRuns = Arguments.notNull("workflowRuns", store);
      return this;
    }

    public Builder campaigns(CampaignStore store) {
      this.campaigns = Arguments.notNull("campaigns", store);
      return this;
    }

    /** The set, holding the stores as they are now in this builder. */
    public Stores build() {
      DeliveryStore deliveries = this.deliveries;
      TemplateStore templates = this.templates;
      PreferenceStore preferences = this.preferences;
      InboxStore inbox = this.inbox;
      DeviceStore devices = this.devices;
      ScheduleStore schedules = this.schedules;
      WorkflowDefinitionStore workflowDefinitions = this.workflowDefinitions;
      WorkflowRunStore workflowRuns = this.workflowRuns;
      CampaignStore campaigns = this.campaigns;
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
        public ScheduleStore schedules() {
          return schedules;
        }

        @Override
        public WorkflowDefinitionStore workflowDefinitions() {
          return workflowDefinitions;
        }

        @Override
        public WorkflowRunStore workflowRuns() {
          return workflowRuns;
        }

        @Override
        public CampaignStore campaigns() {
          return campaigns;
        }
      };
    }
  }
}
