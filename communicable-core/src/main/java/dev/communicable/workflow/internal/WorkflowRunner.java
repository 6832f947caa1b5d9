package dev.communicable.workflow.internal;

import dev.communicable.InvalidRequestException;
import dev.communicable.MessageId;
import dev.communicable.NotFoundException;
import dev.communicable.Notification;
import dev.communicable.Priority;
import dev.communicable.Receipt;
import dev.communicable.Recipient;
import dev.communicable.Sender;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.internal.LruCache;
import dev.communicable.internal.OrchestrationJob;
import dev.communicable.preference.PreferenceCenter;
import dev.communicable.preference.Preferences;
import dev.communicable.schedule.Cron;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.DigestItems;
import dev.communicable.spi.DigestJoin;
import dev.communicable.spi.RunUpdate;
import dev.communicable.spi.StoredDelivery;
import dev.communicable.spi.StoredRun;
import dev.communicable.spi.ThrottleDecision;
import dev.communicable.spi.ThrottlePermit;
import dev.communicable.spi.Throttler;
import dev.communicable.spi.WorkflowDefinitionStore;
import dev.communicable.spi.WorkflowRunStore;
import dev.communicable.workflow.AwaitedReceipt;
import dev.communicable.workflow.DigestSpec;
import dev.communicable.workflow.RunState;
import dev.communicable.workflow.RunStep;
import dev.communicable.workflow.Step;
import dev.communicable.workflow.Workflow;
import dev.communicable.workflow.WorkflowVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Executes due workflow runs: claims a batch with a lease, executes each run's steps from its next
 * one until a step waits or the run ends, and writes the run back with the records of the steps it
 * executed, guarded by the version it claimed. A lost write (the run was cancelled or woken
 * meanwhile) is skipped, the lease given back so the run is looked at again at once. A send is made
 * with the idempotency key {@code wf:<runId>:<stepId>}, so a step executed again after a crash (its
 * write never made) sends nothing new and finds the same message.
 */
public final class WorkflowRunner implements OrchestrationJob {
  private static final Logger log = LoggerFactory.getLogger(WorkflowRunner.class);

  /** Runs claimed per batch. */
  static final int BATCH = 50;

  /** Context keys: the message a send step sent, and per step its wait or digest. */
  static final String MESSAGE = "message.";

  private static final String UNTIL = "until.";
  private static final String DIGEST = "digest.";

  /** The channels whose preference a branch condition can read, besides the recipient's own. */
  private static final List<ChannelType> KNOWN_CHANNELS =
      List.of(
          ChannelType.EMAIL,
          ChannelType.SMS,
          ChannelType.PUSH,
          ChannelType.IN_APP,
          ChannelType.WEBHOOK,
          ChannelType.CHAT);

  /** Workflow versions kept in memory; a published version never changes, so none goes stale. */
  static final int VERSION_CACHE = 256;

  private final WorkflowRunStore runs;
  private final WorkflowDefinitionStore definitions;

  private record VersionKey(String tenantId, String workflowId, int version) {}

  private final LruCache<VersionKey, Workflow> versions = new LruCache<>(VERSION_CACHE);
  private final Sender sender;
  private final DeliveryStore deliveries;
  private final PreferenceCenter preferences;
  private final Throttler throttler;
  private final Clock clock;
  private final String workerId;
  private final Duration lease;

  public WorkflowRunner(
      WorkflowRunStore runs,
      WorkflowDefinitionStore definitions,
      Sender sender,
      DeliveryStore deliveries,
      PreferenceCenter preferences,
      Throttler throttler,
      Clock clock,
      String workerId,
      Duration lease) {
    this.runs = runs;
    this.definitions = definitions;
    this.sender = sender;
    this.deliveries = deliveries;
    this.preferences = preferences;
    this.throttler = throttler;
    this.clock = clock;
    this.workerId = workerId;
    this.lease = lease;
  }

  @Override
  public String name() {
    return "workflow runs";
  }

  @Override
  public int runDue() {
    Instant now = clock.instant();
    List<StoredRun> claimed = new ArrayList<>(runs.claim(workerId, BATCH, now, now.plus(lease)));
    // In queue order, so that events due first join a digest first.
    claimed.sort(
        java.util.Comparator.comparing((StoredRun r) -> r.priority().ordinal())
            .reversed()
            .thenComparing(StoredRun::dueAt, java.util.Comparator.nullsLast(Instant::compareTo))
            .thenComparing(StoredRun::createdAt));
    int done = 0;
    for (StoredRun run : claimed) {
      try {
        // A lost write counts too: the run was released and is due again at once.
        execute(run);
        done++;
      } catch (RuntimeException e) {
        // Left leased: it is tried again when the lease runs out, not in a tight loop.
        log.warn(
            "Workflow run {} of '{}' failed at step {}; trying again after its lease",
            run.id(),
            run.workflowId(),
            run.nextStep(),
            e);
      }
    }
    return done;
  }

  /** Where a run stands while its steps execute in memory, before the one write. */
  private final class Progress {
    final StoredRun run;
    final Workflow workflow;
    final List<RunStep> records = new ArrayList<>();
    final Map<String, String> context;
    Map<String, Object> data;
    int next;
    RunState state = RunState.RUNNING;
    @Nullable MessageId waitingFor;
    @Nullable Instant dueAt;
    final Instant now = clock.instant();

    Progress(StoredRun run, Workflow workflow) {
      this.run = run;
      this.workflow = workflow;
      this.context = new LinkedHashMap<>(run.context());
      this.data = new LinkedHashMap<>(run.data());
      this.next = run.nextStep();
    }

    void record(Step step, String outcome, @Nullable String detail) {
      records.add(RunStep.of(step.id(), step.type(), outcome, detail, now));
    }

    void wait(@Nullable MessageId message, Instant until) {
      state = RunState.WAITING;
      waitingFor = message;
      dueAt = until;
    }

    void end(RunState finalState) {
      state = finalState;
    }

    /** Moves to {@code stepId}, or to the step after the current one when null. */
    void jump(@Nullable String stepId) {
      next = stepId == null ? next + 1 : workflow.indexOf(stepId);
    }
  }

  private Optional<Workflow> workflow(StoredRun run) {
    VersionKey key = new VersionKey(run.tenantId(), run.workflowId(), run.workflowVersion());
    Workflow cached = versions.get(key);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Workflow> read =
        definitions
            .version(run.tenantId(), run.workflowId(), run.workflowVersion())
            .map(WorkflowVersion::workflow);
    read.ifPresent(w -> versions.put(key, w));
    return read;
  }

  /** Executes one claimed run; returns false when its write lost a race. */
  private boolean execute(StoredRun run) {
    Optional<Workflow> workflow = workflow(run);
    if (workflow.isEmpty()) {
      Progress gone = new Progress(run, placeholder(run));
      gone.records.add(
          RunStep.of(
              "run",
              "run",
              "failed",
              "workflow '" + run.workflowId() + "' version " + run.workflowVersion() + " is gone",
              gone.now));
      gone.end(RunState.FAILED);
      return write(gone);
    }
    Progress p = new Progress(run, workflow.get());
    List<Step> steps = p.workflow.steps();
    // Jumps go only forward, so a run executes each step at most once per claim.
    for (int executed = 0; executed <= steps.size(); executed++) {
      if (p.next >= steps.size()) {
        p.records.add(RunStep.of("end", "run", "completed", null, p.now));
        p.end(RunState.COMPLETED);
        break;
      }
      Step step = steps.get(p.next);
      if (!executeStep(p, step)) {
        break;
      }
    }
    return write(p);
  }

  /**
   * Executes one step; returns true to go on with the next one, false when the run waits or ends.
   */
  private boolean executeStep(Progress p, Step step) {
    if (step instanceof Step.Send send) {
      return send(p, send);
    } else if (step instanceof Step.Delay delay) {
      return delay(p, delay);
    } else if (step instanceof Step.WaitFor waitFor) {
      return waitFor(p, waitFor);
    } else if (step instanceof Step.Branch branch) {
      return branch(p, branch);
    } else if (step instanceof Step.Digest digest) {
      return digest(p, digest);
    } else if (step instanceof Step.Throttle throttle) {
      return throttle(p, throttle);
    }
    p.record(step, "exit", null);
    p.end(RunState.COMPLETED);
    return false;
  }

  private boolean send(Progress p, Step.Send step) {
    StoredRun run = p.run;
    Notification.Builder n =
        Notification.event(run.eventName())
            .to(run.recipient())
            .topic(p.workflow.topic())
            .template(step.template())
            .data(p.data)
            .priority(step.priority() != null ? step.priority() : run.priority())
            .idempotencyKey("wf:" + run.id() + ":" + step.id());
    if (!step.channels().isEmpty()) {
      n.channels(step.channels().toArray(ChannelType[]::new));
    }
    Receipt receipt;
    try {
      receipt = sender.send(n.build());
    } catch (InvalidRequestException | NotFoundException e) {
      p.record(step, "failed", e.getMessage());
      p.end(RunState.FAILED);
      return false;
    }
    p.context.put(MESSAGE + step.id(), receipt.messageId().toString());
    p.record(
        step,
        "sent",
        "message " + receipt.messageId() + (receipt.duplicate() ? " (sent before)" : ""));
    p.jump(null);
    return true;
  }

  private boolean delay(Progress p, Step.Delay step) {
    Instant until = waitUntil(p, step.id(), () -> delayEnd(p, step));
    if (p.now.isBefore(until)) {
      p.wait(null, until);
      return false;
    }
    p.context.remove(UNTIL + step.id());
    p.record(step, "elapsed", null);
    p.jump(null);
    return true;
  }

  /** The time a waiting step waits until: set the first time the step executes, then kept. */
  private Instant waitUntil(Progress p, String stepId, java.util.function.Supplier<Instant> first) {
    String stored = p.context.get(UNTIL + stepId);
    if (stored != null) {
      return Instant.parse(stored);
    }
    Instant until = first.get();
    p.context.put(UNTIL + stepId, until.toString());
    return until;
  }

  private Instant delayEnd(Progress p, Step.Delay step) {
    Instant until;
    if (step.duration() != null) {
      until = p.now.plus(step.duration());
    } else {
      ZonedDateTime local = p.now.atZone(p.run.recipient().timeZone());
      ZonedDateTime at = local.toLocalDate().atTime(step.until()).atZone(local.getZone());
      if (!at.isAfter(local)) {
        LocalDate tomorrow = local.toLocalDate().plusDays(1);
        at = tomorrow.atTime(step.until()).atZone(local.getZone());
      }
      until = at.toInstant();
    }
    p.record(step, "waiting", "until " + until);
    return until;
  }

  private boolean waitFor(Progress p, Step.WaitFor step) {
    String sent = p.context.get(MESSAGE + step.step());
    if (sent == null) {
      // The awaited send was jumped over: there is nothing to receive.
      p.context.remove(UNTIL + step.id());
      p.record(step, "timeout", "step '" + step.step() + "' sent nothing");
      p.jump(step.onTimeout());
      return true;
    }
    MessageId message = MessageId.of(sent);
    Instant deadline =
        waitUntil(
            p,
            step.id(),
            () -> {
              Instant d = p.now.plus(step.within());
              p.record(
                  step, "waiting", "for " + step.receipt() + " of message " + sent + " until " + d);
              return d;
            });
    if (received(p.run.tenantId(), message, step.receipt())) {
      p.context.remove(UNTIL + step.id());
      p.record(step, "receipt", step.receipt() + " of message " + sent);
      p.jump(step.onReceipt());
      return true;
    }
    if (!p.now.isBefore(deadline)) {
      p.context.remove(UNTIL + step.id());
      p.record(step, "timeout", "no " + step.receipt() + " by " + deadline);
      p.jump(step.onTimeout());
      return true;
    }
    p.wait(message, deadline);
    return false;
  }

  private boolean received(String tenantId, MessageId message, AwaitedReceipt receipt) {
    for (StoredDelivery d : deliveries.deliveries(tenantId, message)) {
      DeliveryState state = d.delivery().state();
      if (state == DeliveryState.READ
          || receipt == AwaitedReceipt.DELIVERED && state == DeliveryState.DELIVERED) {
        return true;
      }
    }
    return false;
  }

  private boolean branch(Progress p, Step.Branch step) {
    boolean holds = step.condition().test(variables(p));
    p.record(step, holds ? "then" : "otherwise", step.condition().text());
    p.jump(holds ? step.then() : step.otherwise());
    return true;
  }

  private Map<String, Object> variables(Progress p) {
    Recipient who = p.run.recipient();
    Set<ChannelType> channels = new LinkedHashSet<>(KNOWN_CHANNELS);
    channels.addAll(who.contactPoints().keySet());
    Map<String, Object> recipient = new LinkedHashMap<>();
    recipient.put("id", who.id());
    recipient.put("locale", who.locale().toLanguageTag());
    recipient.put("timeZone", who.timeZone().getId());
    recipient.put(
        "channels", who.contactPoints().keySet().stream().map(ChannelType::name).toList());
    Preferences prefs = preferences.get(who.tenantId(), who.id());
    Map<String, Object> allowed = new LinkedHashMap<>();
    for (ChannelType channel : channels) {
      allowed.put(channel.name(), prefs.allows(p.workflow.topic(), channel, p.run.priority()));
    }
    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put("data", p.data);
    variables.put("recipient", recipient);
    variables.put("preferences", allowed);
    return variables;
  }

  private boolean digest(Progress p, Step.Digest step) {
    DigestSpec spec = step.digest();
    StoredRun run = p.run;
    if (run.priority() == Priority.CRITICAL) {
      p.record(step, "bypassed", "critical event");
      p.jump(null);
      return true;
    }
    String collecting = p.context.get(DIGEST + step.id());
    if (collecting != null) {
      Instant closes = Instant.parse(p.context.get(UNTIL + step.id()));
      if (p.now.isBefore(closes)) {
        p.wait(null, closes);
        return false;
      }
      DigestItems items = runs.closeDigest(run.tenantId(), collecting, run.id());
      Map<String, Object> digest = new LinkedHashMap<>();
      digest.put("items", items.items());
      digest.put("count", items.count());
      digest.put("omitted", items.omitted());
      p.data.put("digest", digest);
      p.context.remove(DIGEST + step.id());
      p.context.remove(UNTIL + step.id());
      p.record(step, "closed", items.count() + " events, " + items.omitted() + " left out");
      p.jump(null);
      return true;
    }
    Optional<Instant> closesAt = digestEnd(p, spec);
    if (closesAt.isEmpty()) {
      p.record(step, "failed", "cron '" + spec.cron() + "' never fires");
      p.end(RunState.FAILED);
      return false;
    }
    String key = digestKey(p, step);
    DigestJoin join =
        runs.joinDigest(
            run.tenantId(),
            key,
            run.id(),
            run.data(),
            spec.maxItems(),
            spec.kind() == DigestSpec.Kind.BACKOFF,
            closesAt.get(),
            p.now);
    switch (join.outcome()) {
      case PASSED -> {
        p.record(step, "passed", "first of a window until " + join.closesAt());
        p.jump(null);
        return true;
      }
      case MERGED -> {
        p.record(step, "merged", "into run " + join.collectorId());
        p.end(RunState.MERGED);
        return false;
      }
      default -> {
        p.context.put(DIGEST + step.id(), key);
        p.context.put(UNTIL + step.id(), join.closesAt().toString());
        p.record(step, "collecting", "until " + join.closesAt());
        if (p.now.isBefore(join.closesAt())) {
          p.wait(null, join.closesAt());
          return false;
        }
        return digest(p, step);
      }
    }
  }

  private Optional<Instant> digestEnd(Progress p, DigestSpec spec) {
    return switch (spec.kind()) {
      case FIXED, BACKOFF -> Optional.of(p.now.plus(spec.window()));
      case SCHEDULED -> Cron.parse(spec.cron()).next(p.now, p.run.recipient().timeZone());
    };
  }

  /** One digest per tenant, workflow, step, recipient and (if the digest has a key) key value. */
  private static String digestKey(Progress p, Step.Digest step) {
    StringBuilder key =
        new StringBuilder(p.workflow.id())
            .append('/')
            .append(step.id())
            .append('/')
            .append(p.run.recipient().id());
    step.digest().key().ifPresent(k -> key.append('/').append(String.valueOf(p.run.data().get(k))));
    return key.toString();
  }

  private boolean throttle(Progress p, Step.Throttle step) {
    String value =
        step.key() == null
            ? "recipient:" + p.run.recipient().id()
            : "data:" + p.run.data().get(step.key());
    ThrottlePermit permit =
        new ThrottlePermit(
            "t:" + p.run.tenantId() + ":wf:" + p.workflow.id() + ":" + step.id() + ":" + value,
            step.limit(),
            step.window());
    ThrottleDecision decision = throttler.tryAcquire(List.of(permit));
    if (!decision.allowed()) {
      p.record(step, "throttled", "limit " + step.limit() + " per " + step.window());
      p.end(RunState.THROTTLED);
      return false;
    }
    p.record(step, "allowed", null);
    p.jump(null);
    return true;
  }

  private boolean write(Progress p) {
    StoredRun next =
        p.run.next(
            p.state,
            p.next,
            p.data,
            p.context,
            p.waitingFor,
            p.state == RunState.RUNNING ? p.now : p.dueAt,
            p.now);
    boolean written = runs.update(new RunUpdate(next, p.run.version(), workerId, p.records));
    if (!written) {
      runs.release(p.run.tenantId(), p.run.id(), workerId);
    }
    return written;
  }

  /** A workflow standing in for one whose version is gone, so that the run can be failed. */
  private static Workflow placeholder(StoredRun run) {
    return Workflow.builder(run.workflowId()).on(run.eventName()).exit("gone").build();
  }
}
