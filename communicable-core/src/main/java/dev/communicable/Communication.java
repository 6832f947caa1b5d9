package dev.communicable;

import dev.communicable.campaign.Campaigns;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.delivery.DeadLetterAlert;
import dev.communicable.delivery.DeadLetters;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.StateChange;
import dev.communicable.device.Devices;
import dev.communicable.inbox.Inbox;
import dev.communicable.internal.Engine;
import dev.communicable.internal.EngineSettings;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.preference.PreferenceCenter;
import dev.communicable.schedule.Schedules;
import dev.communicable.spi.Authorizer;
import dev.communicable.spi.BudgetRules;
import dev.communicable.spi.ContactDirectory;
import dev.communicable.spi.EventBus;
import dev.communicable.spi.Outbox;
import dev.communicable.spi.QuietHoursRules;
import dev.communicable.spi.Stores;
import dev.communicable.spi.TenantBudgets;
import dev.communicable.spi.Throttler;
import dev.communicable.template.TemplateRenderer;
import dev.communicable.template.Templates;
import dev.communicable.workflow.Event;
import dev.communicable.workflow.Triggered;
import dev.communicable.workflow.Workflows;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: accepts notifications, delivers them in the background through channel adapters,
 * and answers questions about them. Build one per application with {@link #builder()}; it is
 * thread-safe. {@link #close()} stops its workers, releasing what they hold, so nothing is lost.
 *
 * <pre>{@code
 * Communication comms = Communication.builder()
 *     .stores(InMemoryStores.create())
 *     .adapters(ChannelAdapters.discover())
 *     .policy(DeliveryPolicy.builder().fallback(ChannelType.EMAIL, ChannelType.SMS).build())
 *     .build();
 * Receipt receipt = comms.send(Notification.event("invoice.paid").to(customer)
 *     .template("invoice-paid").data("amount", "42.00"));
 * }</pre>
 */
public interface Communication extends Sender, AutoCloseable {

  /** The most characters of a receipt's detail that are kept; the rest is cut off. */
  int MAX_RECEIPT_DETAIL = 500;

  /**
   * A builder with in-memory defaults. Give it durable stores ({@code JdbcStores} from
   * communicable-jdbc) for anything that must survive a restart; see {@link Builder#stores}.
   */
  static Builder builder() {
    return new Builder();
  }

  /**
   * A sender whose writes go to {@code outbox}: with an outbox bound to the caller's own
   * transaction (communicable-jdbc's {@code JdbcOutbox}), the notification exists if and only if
   * that transaction commits.
   */
  Sender within(Outbox outbox);

  /** Every state change of the message's deliveries, in time order. */
  List<StateChange> timeline(String tenantId, MessageId messageId);

  /** The receipt's message's timeline. */
  default List<StateChange> timeline(Receipt receipt) {
    return timeline(receipt.tenantId(), receipt.messageId());
  }

  /** Every delivery of the message, oldest first. */
  List<Delivery> deliveries(String tenantId, MessageId messageId);

  /**
   * Records a provider's or the application's report about a delivery: {@link
   * DeliveryEvent#DELIVERED}, {@link DeliveryEvent#READ} or {@link DeliveryEvent#UNDELIVERED}. A
   * READ cancels pending escalations.
   *
   * <p>An UNDELIVERED report (a carrier's "undelivered" SMS status, an email bounce) fails a SENT
   * or DELIVERED delivery and goes on to its fallback channel in the same write, exactly as a
   * refusal at send time does. Its {@code detail}, the provider's reason, is recorded in the
   * timeline and as the delivery's last error; on a push delivery, a detail that starts with {@link
   * dev.communicable.channel.SendResult#ADDRESS_REVOKED} also deactivates the device, as that code
   * does at send time. A READ delivery stays READ.
   *
   * <p>Providers call back at least once and out of order, so receipts are forgiving: a duplicate,
   * a late one (DELIVERED or UNDELIVERED after READ) or one for a delivery that was not sent
   * changes nothing and returns the delivery as it stands; one that arrives while the delivery is
   * still SENDING (the provider answered before the send was recorded) is kept and applied as soon
   * as the send is recorded, and the SENDING delivery is returned.
   *
   * @param detail what the provider said, such as {@code "twilio undelivered, error 30003"}; null
   *     for none; cut to its first {@value #MAX_RECEIPT_DETAIL} characters
   * @return the delivery after the receipt (or as it stands, when the receipt changed nothing now)
   * @throws NotFoundException when the delivery does not exist
   * @throws InvalidRequestException when {@code event} is not DELIVERED, READ or UNDELIVERED
   */
  Delivery track(
      String tenantId, DeliveryId deliveryId, DeliveryEvent event, @Nullable String detail);

  /** As {@link #track(String, DeliveryId, DeliveryEvent, String)} without a detail. */
  default Delivery track(String tenantId, DeliveryId deliveryId, DeliveryEvent event) {
    return track(tenantId, deliveryId, event, null);
  }

  /**
   * As {@link #track(String, DeliveryId, DeliveryEvent, String)}, finding the delivery by the id
   * its provider gave it. That id is stored when the send is recorded; a receipt under an id not
   * stored yet is kept for a while in case its send is being recorded (and applied then), and this
   * call throws {@link NotFoundException}.
   */
  Delivery trackByProviderId(
      String tenantId, String providerMessageId, DeliveryEvent event, @Nullable String detail);

  /** As {@link #trackByProviderId(String, String, DeliveryEvent, String)} without a detail. */
  default Delivery trackByProviderId(
      String tenantId, String providerMessageId, DeliveryEvent event) {
    return trackByProviderId(tenantId, providerMessageId, event, null);
  }

  /**
   * Gives an event to the tenant's workflows: starts a run of each active workflow triggered by its
   * name, and cancels the active runs of workflows that name it in {@code cancelOn} with the same
   * correlation value. Runs go on in the background (or through {@link #dispatchDue()}); see
   * docs/workflows.md. The same event (its id, or else its name, recipient and data) triggered
   * again within 24 hours starts nothing: {@link Triggered#duplicate()}.
   *
   * @throws InvalidRequestException when the event is null
   */
  Triggered trigger(Event event);

  /** As {@link #trigger(Event)}, building the event first. */
  default Triggered trigger(Event.Builder event) {
    return trigger(Arguments.notNull("event", event).build());
  }

  /** Cancels every delivery of the message not yet sent; returns how many. */
  int cancel(String tenantId, MessageId messageId);

  Templates templates();

  /** Publishing and rolling back the tenants' workflow definitions. */
  Workflows workflows();

  PreferenceCenter preferences();

  Inbox inbox();

  Devices devices();

  DeadLetters deadLetters();

  /** Recurring schedules: a notification at each firing of a cron expression. */
  Schedules schedules();

  /** Campaigns: one message to a streamed audience, queued page by page. */
  Campaigns campaigns();

  /**
   * Claims and processes, on the calling thread, everything due now (by the configured clock),
   * until nothing due is left: deliveries, and the orchestration work (workflow steps, schedule
   * firings, campaign pages) that queues them. Returns how many items were processed. For tests and
   * scripts that drive time with a settable clock; the background threads do the same on their own.
   */
  int dispatchDue();

  /**
   * Stops accepting work, lets workers finish the sends in progress (up to the shutdown timeout),
   * returns what they still hold to the queue, and closes adapters.
   */
  @Override
  void close();

  /**
   * Builds a {@link Communication}. Every setter checks its value; defaults are in-memory.
   *
   * <p>Core does not depend on a database, so without {@link #stores(Stores)} the queue, templates,
   * preferences, inbox and devices live in memory ({@code InMemoryStores}): fine for tests and
   * demos, but nothing survives a restart, and {@link #build()} logs a WARN line saying so. For a
   * durable queue give it {@code JdbcStores} from communicable-jdbc: {@code
   * JdbcStores.h2Embedded(Path)} for an embedded H2 file with no server, {@code
   * JdbcStores.postgres(dataSource)} when several nodes share the queue.
   */
  final class Builder {
    private static final Logger LOG = LoggerFactory.getLogger(Communication.class);

    private @Nullable Stores stores;
    private @Nullable Throttler throttler;
    private @Nullable EventBus eventBus;
    private Authorizer authorizer = Authorizer.permitAll();
    private final List<ChannelAdapter> adapters = new ArrayList<>();
    private DeliveryPolicy policy = DeliveryPolicy.defaults();
    private final Map<String, DeliveryPolicy> topicPolicies = new LinkedHashMap<>();
    private @Nullable TemplateRenderer renderer;
    private Clock clock = Clock.systemUTC();
    private int workers = 2;
    private int batchSize = 100;
    private Duration pollInterval = Duration.ofMillis(500);
    private Duration lease = Duration.ofMinutes(5);
    private Duration shutdownTimeout = Duration.ofSeconds(30);
    private int maxDataBytes = 64 * 1024;
    private Duration retention = Duration.ofDays(7);
    private String workerId = "worker-" + UUID.randomUUID();
    private @Nullable TenantBudgets budgets;
    private BudgetRules budgetRules = BudgetRules.none();
    private QuietHoursRules quietHoursRules = QuietHoursRules.none();
    private ContactDirectory contacts = ContactDirectory.none();
    private final List<Map.Entry<DeadLetterAlert, DeadLetterAlert.Listener>> deadLetterAlerts =
        new ArrayList<>();

    Builder() {}

    /**
     * Where everything is stored: the delivery queue and its history, templates, preferences, the
     * inbox and devices. Default: {@code InMemoryStores.create()}, which keeps nothing across a
     * restart ({@link #build()} warns when this default is used). For a durable queue, {@code
     * JdbcStores.h2Embedded(Path)} (embedded H2, no server) or {@code JdbcStores.postgres(...)}
     * from communicable-jdbc.
     */
    public Builder stores(Stores stores) {
      this.stores = Arguments.notNull("stores", stores);
      return this;
    }

    /** Rate limiting. Default: in-memory sliding windows (one node). */
    public Builder throttler(Throttler throttler) {
      this.throttler = Arguments.notNull("throttler", throttler);
      return this;
    }

    /** Where events go. Default: in-memory, this node's listeners. */
    public Builder eventBus(EventBus eventBus) {
      this.eventBus = Arguments.notNull("eventBus", eventBus);
      return this;
    }

    /** The permission gate. Default: permit everything. */
    public Builder authorizer(Authorizer authorizer) {
      this.authorizer = Arguments.notNull("authorizer", authorizer);
      return this;
    }

    /**
     * Adds a channel adapter. Several adapters on one channel form a failover chain, tried in the
     * order added. Default: the built-in in-app adapter only.
     */
    public Builder adapter(ChannelAdapter adapter) {
      adapters.add(Arguments.notNull("adapter", adapter));
      return this;
    }

    /** Adds adapters, for example {@code ChannelAdapters.discover()}. */
    public Builder adapters(Collection<? extends ChannelAdapter> adapters) {
      Arguments.noNulls("adapters", adapters).forEach(this::adapter);
      return this;
    }

    /**
     * The policy for every topic without one of its own. Default: {@link
     * DeliveryPolicy#defaults()}.
     */
    public Builder policy(DeliveryPolicy policy) {
      this.policy = Arguments.notNull("policy", policy);
      return this;
    }

    /** The policy for one topic. */
    public Builder policy(String topic, DeliveryPolicy policy) {
      topicPolicies.put(Arguments.notBlank("topic", topic), Arguments.notNull("policy", policy));
      return this;
    }

    /** The template engine. Default: Mustache. */
    public Builder renderer(TemplateRenderer renderer) {
      this.renderer = Arguments.notNull("renderer", renderer);
      return this;
    }

    /** The clock for every time decision. Default: the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Arguments.notNull("clock", clock);
      return this;
    }

    /** Background worker threads; 0 for none (call {@link #dispatchDue()}). Default: 2. */
    public Builder workers(int workers) {
      this.workers = Arguments.between("workers", workers, 0, 256);
      return this;
    }

    /** Deliveries claimed per batch. Default: 100. */
    public Builder batchSize(int batchSize) {
      this.batchSize = Arguments.between("batchSize", batchSize, 1, 10_000);
      return this;
    }

    /** How often idle workers look for due work. Default: 500 ms. */
    public Builder pollInterval(Duration pollInterval) {
      this.pollInterval = Arguments.positive("pollInterval", pollInterval);
      return this;
    }

    /**
     * How long a claimed delivery stays leased before another worker may take it. Default: 5 min.
     */
    public Builder lease(Duration lease) {
      this.lease = Arguments.positive("lease", lease);
      return this;
    }

    /** How long {@link #close()} waits for sends in progress. Default: 30 s. */
    public Builder shutdownTimeout(Duration timeout) {
      this.shutdownTimeout = Arguments.positive("shutdownTimeout", timeout);
      return this;
    }

    /** The largest template data a notification may carry, as JSON bytes. Default: 64 KiB. */
    public Builder maxDataBytes(int maxDataBytes) {
      this.maxDataBytes = Arguments.positive("maxDataBytes", maxDataBytes);
      return this;
    }

    /**
     * How long finished deliveries (sent, failed, dead-lettered, suppressed, cancelled, expired)
     * are kept, with their attempts and timeline, before the engine purges them; this bounds the
     * store's size. Receipts for a purged delivery are no longer accepted. Finished workflow runs
     * (completed, cancelled, throttled, merged, failed) are kept as long after their last change,
     * with their step records and the digest items they collected; trigger keys go when their
     * idempotency window ends. Finished campaigns whose deliveries are all final have their counts
     * frozen and their page records deleted at the same sweep, so their progress outlives the
     * purged deliveries. Default: 7 days.
     */
    public Builder retention(Duration retention) {
      this.retention = Arguments.positive("retention", retention);
      return this;
    }

    /**
     * Caps each tenant's sends per channel per day or month: {@code rules} says which {@link
     * dev.communicable.spi.TenantBudget} applies to a tenant and channel (asked once per send),
     * {@code ledger} counts the sends ({@code InMemoryTenantBudgets} for one node, the Redis one
     * for all nodes). A send over budget is not failed: it waits in the queue until the budget's
     * period resets (midnight or the first of the month in the tenant's zone). Each attempt that
     * reaches the provider counts one. {@link Priority#CRITICAL} messages are never held by a
     * budget: they count while it has room and go out anyway once it is spent. Default: no budgets.
     */
    public Builder budgets(TenantBudgets ledger, BudgetRules rules) {
      this.budgets = Arguments.notNull("ledger", ledger);
      this.budgetRules = Arguments.notNull("rules", rules);
      return this;
    }

    /**
     * Quiet hours each tenant sets for itself, per channel: {@code rules} is asked once per send
     * (not for in-app) and its answer is read in the recipient's zone, together with the policy's
     * quiet hours and the recipient's own; a send waits until all of them allow it. CRITICAL
     * messages pass them when the policy lets CRITICAL pass its own. Default: {@link
     * QuietHoursRules#none()}.
     */
    public Builder quietHours(QuietHoursRules rules) {
      this.quietHoursRules = Arguments.notNull("quietHoursRules", rules);
      return this;
    }

    /**
     * Where escalations to another contact ({@code Escalation.toContact("manager")}) find that
     * contact: asked once per such escalation, when the recipient's first channel has sent the
     * message; the answer is stored with the escalation. Default: {@link ContactDirectory#none()},
     * which leaves every escalation to a contact suppressed.
     */
    public Builder contacts(ContactDirectory contacts) {
      this.contacts = Arguments.notNull("contacts", contacts);
      return this;
    }

    /**
     * Tells {@code listener} when dead letters pile up as {@code alert} says ({@code
     * DeadLetterAlert.when(20).perTenant().within(Duration.ofMinutes(10))}): once per crossing of
     * the threshold, on the engine's orchestrator thread (or in {@link
     * Communication#dispatchDue()}), never on a worker's; a listener that throws is logged. Each
     * node counts the dead letters its own workers write (see {@link DeadLetterAlert} for how and
     * why). May be called up to {@value #MAX_DEAD_LETTER_ALERTS} times. Default: no alerts.
     */
    public Builder deadLetterAlert(DeadLetterAlert alert, DeadLetterAlert.Listener listener) {
      Arguments.notNull("deadLetterAlert", alert);
      Arguments.notNull("deadLetterAlert.listener", listener);
      Arguments.check(
          deadLetterAlerts.size() < MAX_DEAD_LETTER_ALERTS,
          "deadLetterAlert",
          "at most " + MAX_DEAD_LETTER_ALERTS + " alerts");
      deadLetterAlerts.add(Map.entry(alert, listener));
      return this;
    }

    /** The most dead-letter alerts one {@code Communication} takes. */
    public static final int MAX_DEAD_LETTER_ALERTS = 16;

    /**
     * This node's name in leases: 1 to 100 characters, no control characters. Default: {@code
     * worker-<random uuid>}.
     */
    public Builder workerId(String workerId) {
      this.workerId = Arguments.id("workerId", workerId, 100);
      return this;
    }

    /**
     * Builds and starts the workers. Logs one WARN line when no {@link #stores(Stores) stores} were
     * given, since the in-memory default loses everything on restart.
     */
    public Communication build() {
      if (stores == null) {
        LOG.warn(
            "No stores given: the delivery queue, templates and preferences are kept in memory and"
                + " nothing survives a restart; for a durable queue give"
                + " stores(JdbcStores.h2Embedded(path)) or stores(JdbcStores.postgres(dataSource))"
                + " from communicable-jdbc");
      }
      return Engine.start(
          new EngineSettings(
              stores,
              throttler,
              eventBus,
              authorizer,
              List.copyOf(adapters),
              policy,
              Map.copyOf(topicPolicies),
              renderer,
              clock,
              workers,
              batchSize,
              pollInterval,
              lease,
              shutdownTimeout,
              maxDataBytes,
              workerId,
              retention,
              budgets,
              budgetRules,
              quietHoursRules,
              contacts,
              List.copyOf(deadLetterAlerts)));
    }
  }
}
