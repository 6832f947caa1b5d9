package dev.communicable.memory;

import dev.communicable.spi.CampaignStore;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.DeviceStore;
import dev.communicable.spi.InboxStore;
import dev.communicable.spi.PreferenceStore;
import dev.communicable.spi.ScheduleStore;
import dev.communicable.spi.Stores;
import dev.communicable.spi.TemplateStore;
import dev.communicable.spi.WorkflowDefinitionStore;
import dev.communicable.spi.WorkflowRunStore;

/**
 * Every store in memory: the default of {@code Communication.builder()}, and the fast, faithful
 * stand-in for a database in tests (they pass the same testkit contracts as the JDBC stores).
 * Thread-safe. Nothing survives the process.
 *
 * <p>Memory: the stores hold what they are given. The delivery store frees finished deliveries only
 * when {@link DeliveryStore#purge} is called (the engine's retention does so); templates,
 * preferences with their audit trail, inbox items and devices are kept for the life of the
 * instance, as a database would keep them.
 *
 * <pre>{@code
 * Communication comms = Communication.builder().stores(InMemoryStores.create()).build();
 * }</pre>
 */
public final class InMemoryStores implements Stores {
  private final InMemoryDeliveryStore deliveries = new InMemoryDeliveryStore();
  private final InMemoryTemplateStore templates = new InMemoryTemplateStore();
  private final InMemoryPreferenceStore preferences = new InMemoryPreferenceStore();
  private final InMemoryInboxStore inbox = new InMemoryInboxStore();
  private final InMemoryDeviceStore devices = new InMemoryDeviceStore();
  private final InMemoryScheduleStore schedules = new InMemoryScheduleStore();
  private final InMemoryWorkflowRunStore workflowRuns = new InMemoryWorkflowRunStore();
  private final InMemoryWorkflowDefinitionStore workflowDefinitions =
      new InMemoryWorkflowDefinitionStore();
  private final InMemoryCampaignStore campaigns = new InMemoryCampaignStore(deliveries);

  private InMemoryStores() {}

  /** A fresh, empty set of stores. */
  public static InMemoryStores create() {
    return new InMemoryStores();
  }

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
  public WorkflowRunStore workflowRuns() {
    return workflowRuns;
  }

  @Override
  public WorkflowDefinitionStore workflowDefinitions() {
    return workflowDefinitions;
  }

  @Override
  public CampaignStore campaigns() {
    return campaigns;
  }
}
