package dev.communicable.internal;

import dev.communicable.Arguments;
import dev.communicable.Communication;
import dev.communicable.CommunicationException;
import dev.communicable.InvalidRequestException;
import dev.communicable.MessageId;
import dev.communicable.NotFoundException;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.Sender;
import dev.communicable.campaign.Campaigns;
import dev.communicable.campaign.internal.CampaignSender;
import dev.communicable.campaign.internal.CampaignService;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.delivery.DeadLetters;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.StateChange;
import dev.communicable.device.Devices;
import dev.communicable.inbox.Inbox;
import dev.communicable.internal.gate.BudgetGate;
import dev.communicable.internal.gate.Gates;
import dev.communicable.memory.InMemoryEventBus;
import dev.communicable.memory.InMemoryStores;
import dev.communicable.memory.InMemoryThrottler;
import dev.communicable.preference.PreferenceCenter;
import dev.communicable.schedule.Schedules;
import dev.communicable.schedule.internal.ScheduleService;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.EnqueueOutcome;
import dev.communicable.spi.EventBus;
import dev.communicable.spi.NewMessage;
import dev.communicable.spi.Outbox;
import dev.communicable.spi.StoredDelivery;
import dev.communicable.spi.Stores;
import dev.communicable.spi.Throttler;
import dev.communicable.template.MustacheTemplateRenderer;
import dev.communicable.template.TemplateRenderer;
import dev.communicable.template.Templates;
import dev.communicable.workflow.Event;
import dev.communicable.workflow.Triggered;
import dev.communicable.workflow.Workflows;
import dev.communicable.workflow.internal.WorkflowDefinitionService;
import dev.communicable.workflow.internal.WorkflowRunner;
import dev.communicable.workflow.internal.WorkflowRuntime;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine behind {@link Communication}: accepts notifications ({@link DeliveryPlanner}), writes
 * each call's messages with one outbox write, and delivers them in the background ({@link
 * Dispatcher}, {@link DeliveryWorker}). Components not given in the settings take in-memory
 * defaults (stores, throttler, event bus) and Mustache rendering; the engine closes the defaults it
 * created, never what it was given (except adapters, which it owns once registered).
 */
public final class Engine implements Communication {
  private static final Logger log = LoggerFactory.getLogger(Engine.class);

  /** The most notifications one {@code sendAll} call may carry. */
  static final int MAX_BATCH = 1000;

  private final Clock clock;
  private final DeliveryStore deliveryStore;
  private final ChannelRegistry channels;
  private final DeliveryPlanner planner;
  private final DeliveryRecorder recorder;
  private final Dispatcher dispatcher;
  private final Orchestrator orchestrator;
  private final Duration shutdownTimeout;
  private final TemplateService templates;
  private final WorkflowDefinitionService workflows;
  private final PreferenceService preferences;
  private final TrackingService tracking;
  private final InboxService inbox;
  private final DeviceService devices;
  private final DeadLetterService deadLetters;
  private final ScheduleService schedules;
  private final CampaignService campaigns;
  private final AutoCloseable workSubscription;
  private final AutoCloseable templateSubscription;
  private final AutoCloseable preferenceSubscription;
  private final WorkflowRuntime workflowRuntime;
  private final AutoCloseable workflowSubscription;
  private final List<AutoCloseable> owned;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * Builds the parts; everything that needs closing is added to {@code created} as it is made, so
   * that a failure half-way closes what was made.
   */
  private Engine(EngineSettings settings, List<AutoCloseable> created) {
    this.clock = settings.clock();
    Stores stores =
        settings.stores() != null ? settings.stores() : own(InMemoryStores.create(), created);
    Throttler throttler =
        settings.throttler() != null
            ? settings.throttler()
            : own(new InMemoryThrottler(clock), created);
    EventBus events =
        settings.eventBus() != null ? settings.eventBus() : own(new InMemoryEventBus(), created);
    TemplateRenderer renderer =
        settings.renderer() != null ? settings.renderer() : new MustacheTemplateRenderer();
    this.owned = List.copyOf(created);
    this.deliveryStore = stores.deliveries();

    List<ChannelAdapter> adapters = new ArrayList<>();
    adapters.add(new InAppChannelAdapter(stores.inbox(), events, clock));
    adapters.addAll(settings.adapters());
    this.channels = new ChannelRegistry(adapters);
    created.add(channels);

    Policies policies = new Policies(settings.policy(), settings.topicPolicies());
    AddressBook addresses = new AddressBook(stores.devices());
    this.templates = new TemplateService(stores.templates(), renderer, events, clock);
    this.workflowRuntime =
        new WorkflowRuntime(
            stores.workflowRuns(),
            stores.workflowDefinitions(),
            clock,
            this::wakeOrchestrator,
            event -> checkEventData(event, settings.maxDataBytes()));
    this.workflows =
        new WorkflowDefinitionService(stores.workflowDefinitions(), events, clock, workflowRuntime);
    this.preferences = new PreferenceService(stores.preferences(), events, clock);
    this.planner =
        new DeliveryPlanner(
            policies,
            channels,
            addresses,
            settings.authorizer(),
            preferences,
            templates.cache(),
            renderer,
            settings.maxDataBytes());
    List<DeadLetterAlerts.Registration> alertRegistrations = new ArrayList<>();
    settings
        .deadLetterAlerts()
        .forEach(
            e ->
                alertRegistrations.add(
                    new DeadLetterAlerts.Registration(e.getKey(), e.getValue())));
    DeadLetterAlerts alerts = new DeadLetterAlerts(alertRegistrations, clock);
    this.recorder = new DeliveryRecorder(deliveryStore, events, alerts::counted);
    FollowUps followUps = new FollowUps(addresses, deliveryStore, settings.contacts());
    RevokedAddresses revoked = new RevokedAddresses(stores.devices());
    this.tracking = new TrackingService(deliveryStore, recorder, followUps, revoked, clock);
    BudgetGate budgets = new BudgetGate(settings.budgets(), settings.budgetRules());
    DeliveryWorker worker =
        new DeliveryWorker(
            clock,
            new Candidates(new MessageCache(deliveryStore), policies, preferences.cache(), budgets),
            Gates.inOrder(
                followUps::recipientDeliveries,
                settings.authorizer(),
                budgets,
                throttler,
                settings.quietHoursRules()),
            budgets,
            new DeliveryRenderer(templates, renderer),
            new FailoverChain(channels, clock),
            new DeliveryOutcomes(policies, followUps, revoked, tracking),
            recorder);
    this.dispatcher =
        new Dispatcher(
            deliveryStore,
            worker,
            recorder,
            clock,
            settings.workerId(),
            settings.workers(),
            settings.batchSize(),
            settings.pollInterval(),
            settings.lease(),
            settings.shutdownTimeout(),
            housekeeping(
                new Retention(
                    deliveryStore,
                    stores.workflowRuns(),
                    stores.campaigns(),
                    clock,
                    settings.retention()),
                tracking));
    created.add(dispatcher);
    this.shutdownTimeout = settings.shutdownTimeout();
    this.orchestrator = new Orchestrator(settings.workers() > 0, settings.pollInterval());
    this.schedules =
        new ScheduleService(stores.schedules(), this, clock, settings.workerId(), settings.lease());
    orchestrator.add(schedules);
    if (!alerts.isEmpty()) {
      alerts.wakeWith(orchestrator::wake);
      orchestrator.add(alerts);
    }
    this.campaigns =
        new CampaignService(
            stores.campaigns(),
            campaignSender(),
            clock,
            settings.workerId(),
            settings.lease(),
            orchestrator::wake);
    orchestrator.add(campaigns.runner());
    orchestrator.add(
        new WorkflowRunner(
            stores.workflowRuns(),
            stores.workflowDefinitions(),
            this,
            deliveryStore,
            preferences,
            throttler,
            clock,
            settings.workerId(),
            settings.lease()));
    this.inbox = new InboxService(stores.inbox(), tracking, events, clock);
    this.devices = new DeviceService(stores.devices(), channels, clock);
    this.deadLetters =
        new DeadLetterService(deliveryStore, recorder, policies, clock, dispatcher::wake);
    this.workSubscription = deliveryStore.onWorkAvailable(dispatcher::wake);
    created.add(workSubscription);
    this.templateSubscription = events.subscribe(templates.cache()::onEvent);
    created.add(templateSubscription);
    this.preferenceSubscription = events.subscribe(preferences.cache()::onEvent);
    created.add(preferenceSubscription);
    // Receipts recorded on any node (with a shared event bus) wake the runs waiting for them.
    this.workflowSubscription = events.subscribe(workflowRuntime::onEvent);
    created.add(workflowSubscription);
  }

  /**
   * What workers do between batches: purge deliveries and workflow history past retention, look
   * again at parked receipts.
   */
  private static Runnable housekeeping(Retention retention, TrackingService tracking) {
    return () -> {
      retention.sweepIfDue();
      tracking.sweepParked();
    };
  }

  /** Builds the engine and starts its workers. */
  public static Communication start(EngineSettings settings) {
    List<AutoCloseable> created = new ArrayList<>();
    try {
      Engine engine = new Engine(settings, created);
      engine.dispatcher.start();
      engine.orchestrator.start();
      log.info(
          "Communicable started: worker {} with {} threads, channels {}",
          settings.workerId(),
          settings.workers(),
          engine.channels.describe());
      return engine;
    } catch (RuntimeException e) {
      for (int i = created.size() - 1; i >= 0; i--) {
        closeQuietly(created.get(i), "a part of the engine that failed to start");
      }
      throw e;
    }
  }

  private static <T> T own(T component, List<AutoCloseable> created) {
    if (component instanceof AutoCloseable closeable) {
      created.add(closeable);
    }
    return component;
  }

  @Override
  public Receipt send(Notification notification) {
    return accept(deliveryStore, List.of(checkedOne(notification)), false).get(0);
  }

  @Override
  public List<Receipt> sendAll(List<Notification> notifications) {
    return accept(deliveryStore, checkedBatch(notifications), true);
  }

  @Override
  public Sender within(Outbox outbox) {
    Arguments.notNull("outbox", outbox);
    return new Sender() {
      @Override
      public Receipt send(Notification notification) {
        return accept(outbox, List.of(checkedOne(notification)), false).get(0);
      }

      @Override
      public List<Receipt> sendAll(List<Notification> notifications) {
        return accept(outbox, checkedBatch(notifications), true);
      }
    };
  }

  private static Notification checkedOne(Notification notification) {
    return Arguments.notNull("notification", notification);
  }

  private static List<Notification> checkedBatch(List<Notification> notifications) {
    Arguments.notNull("notifications", notifications);
    if (notifications.size() > MAX_BATCH) {
      throw new InvalidRequestException(
          "notifications", "at most " + MAX_BATCH + " per call, was " + notifications.size());
    }
    for (int i = 0; i < notifications.size(); i++) {
      Arguments.notNull("notifications[" + i + "]", notifications.get(i));
    }
    return notifications;
  }

  /**
   * Plans every notification, then writes them all with one {@code enqueue}: on bad input nothing
   * is written. Deliveries are announced only when the engine's own store committed them (an outbox
   * bound to the caller's transaction may still roll back).
   */
  private List<Receipt> accept(Outbox outbox, List<Notification> notifications, boolean batch) {
    ensureOpen();
    if (notifications.isEmpty()) {
      return List.of();
    }
    Instant now = clock.instant();
    List<NewMessage> planned = new ArrayList<>(notifications.size());
    for (int i = 0; i < notifications.size(); i++) {
      try {
        planned.add(planner.plan(notifications.get(i), now));
      } catch (InvalidRequestException e) {
        if (!batch) {
          throw e;
        }
        throw new InvalidRequestException("notifications[" + i + "]." + e.field(), e.problem());
      }
    }
    List<EnqueueOutcome> outcomes = outbox.enqueue(planned);
    if (outcomes.size() != planned.size()) {
      throw new CommunicationException(
          "the outbox answered "
              + outcomes.size()
              + " outcomes for "
              + planned.size()
              + " messages");
    }
    List<Receipt> receipts = new ArrayList<>(outcomes.size());
    for (int i = 0; i < outcomes.size(); i++) {
      EnqueueOutcome outcome = outcomes.get(i);
      NewMessage message = planned.get(i);
      receipts.add(
          new Receipt(
              message.message().tenantId(),
              outcome.messageId(),
              outcome.deliveryIds(),
              outcome.duplicate(),
              outcome.contentDiffered()));
      if (!outcome.duplicate() && outbox == deliveryStore) {
        message.deliveries().forEach(d -> recorder.changed(null, d));
      }
    }
    dispatcher.wake();
    return receipts;
  }

  @Override
  public List<StateChange> timeline(String tenantId, MessageId messageId) {
    List<Delivery> deliveries = deliveries(tenantId, messageId);
    return Timelines.explain(deliveryStore.timeline(tenantId, messageId), deliveries);
  }

  @Override
  public List<Delivery> deliveries(String tenantId, MessageId messageId) {
    Checks.id("tenantId", tenantId);
    Arguments.notNull("messageId", messageId);
    List<Delivery> deliveries =
        deliveryStore.deliveries(tenantId, messageId).stream()
            .map(StoredDelivery::delivery)
            .toList();
    if (deliveries.isEmpty() && deliveryStore.message(tenantId, messageId).isEmpty()) {
      throw new NotFoundException(tenantId, "message", messageId.toString());
    }
    return deliveries;
  }

  @Override
  public Delivery track(
      String tenantId, DeliveryId deliveryId, DeliveryEvent event, @Nullable String detail) {
    Checks.id("tenantId", tenantId);
    checkDetail(detail);
    return woken(tracking.track(tenantId, deliveryId, event, detail));
  }

  @Override
  public Delivery trackByProviderId(
      String tenantId, String providerMessageId, DeliveryEvent event, @Nullable String detail) {
    Checks.id("tenantId", tenantId);
    Checks.id("providerMessageId", providerMessageId);
    checkDetail(detail);
    return woken(tracking.trackByProviderId(tenantId, providerMessageId, event, detail));
  }

  /** Wakes the workflow runs waiting for a receipt of the delivery's message, at once. */
  private Delivery woken(Delivery tracked) {
    workflowRuntime.onReceipt(tracked);
    return tracked;
  }

  /** An event's data becomes its sends' data, so it is held to the same size limit. */
  private static void checkEventData(Event event, int maxDataBytes) {
    if (JsonSize.of(event.data(), maxDataBytes) > maxDataBytes) {
      throw new InvalidRequestException(
          "data", "is larger than the limit of " + maxDataBytes + " bytes as JSON");
    }
  }

  /** The orchestrator is made after the workflow runtime, which wakes it through this. */
  private void wakeOrchestrator() {
    orchestrator.wake();
  }

  @Override
  public Triggered trigger(Event event) {
    ensureOpen();
    return workflowRuntime.trigger(Arguments.notNull("event", event));
  }

  /** A receipt's detail is cut to its bound later, so only its characters are checked here. */
  private static void checkDetail(@Nullable String detail) {
    if (detail != null) {
      Arguments.text("detail", detail, Integer.MAX_VALUE);
    }
  }

  @Override
  public int cancel(String tenantId, MessageId messageId) {
    Checks.id("tenantId", tenantId);
    return tracking.cancel(tenantId, messageId);
  }

  @Override
  public Templates templates() {
    return templates;
  }

  @Override
  public Workflows workflows() {
    return workflows;
  }

  @Override
  public PreferenceCenter preferences() {
    return preferences;
  }

  @Override
  public Inbox inbox() {
    return inbox;
  }

  @Override
  public Devices devices() {
    return devices;
  }

  @Override
  public DeadLetters deadLetters() {
    return deadLetters;
  }

  @Override
  public Schedules schedules() {
    return schedules;
  }

  @Override
  public Campaigns campaigns() {
    return campaigns;
  }

  /** The engine's accept path and cancellation, as campaign pages use them. */
  private CampaignSender campaignSender() {
    return new CampaignSender() {
      @Override
      public List<Receipt> sendAll(List<Notification> notifications) {
        return Engine.this.sendAll(notifications);
      }

      @Override
      public int cancel(String tenantId, MessageId messageId) {
        return Engine.this.cancel(tenantId, messageId);
      }

      @Override
      public boolean templateExists(String tenantId, String templateId) {
        return !templates.versions(tenantId, templateId).isEmpty();
      }
    };
  }

  /**
   * Alternates orchestration (workflow steps, schedules, campaign pages, which may queue
   * deliveries) and deliveries (whose receipts may make workflow steps due) until neither finds
   * anything due.
   */
  @Override
  public int dispatchDue() {
    ensureOpen();
    int total = 0;
    for (int round = 0; round < Orchestrator.MAX_ROUNDS; round++) {
      int done = orchestrator.runDue() + dispatcher.dispatchDue();
      if (done == 0) {
        break;
      }
      total += done;
    }
    return total;
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    orchestrator.close(shutdownTimeout);
    dispatcher.close();
    closeQuietly(workSubscription, "the work-available subscription");
    closeQuietly(templateSubscription, "the template-change subscription");
    closeQuietly(preferenceSubscription, "the preference-change subscription");
    closeQuietly(workflowSubscription, "the workflow receipt subscription");
    channels.close();
    for (AutoCloseable component : owned) {
      closeQuietly(component, component.getClass().getSimpleName());
    }
  }

  private static void closeQuietly(AutoCloseable closeable, String what) {
    try {
      closeable.close();
    } catch (Exception e) {
      log.warn("Closing {} failed", what, e);
    }
  }

  private void ensureOpen() {
    if (closed.get()) {
      throw new CommunicationException("this Communication is closed");
    }
  }
}
