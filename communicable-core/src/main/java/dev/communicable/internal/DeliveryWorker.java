package dev.communicable.internal;

import static dev.communicable.delivery.DeliveryEvent.ACCEPTED;
import static dev.communicable.delivery.DeliveryEvent.CANCEL;
import static dev.communicable.delivery.DeliveryEvent.CLAIM;
import static dev.communicable.delivery.DeliveryEvent.DEFER;
import static dev.communicable.delivery.DeliveryEvent.EXHAUSTED;
import static dev.communicable.delivery.DeliveryEvent.EXPIRE;
import static dev.communicable.delivery.DeliveryEvent.REJECTED;
import static dev.communicable.delivery.DeliveryEvent.RETRY;
import static dev.communicable.delivery.DeliveryEvent.SUPPRESS;

import dev.communicable.Content;
import dev.communicable.NotFoundException;
import dev.communicable.Priority;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.DeliveryAttempt.Outcome;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.delivery.Message;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.policy.QuietHours;
import dev.communicable.policy.Retry;
import dev.communicable.preference.Preferences;
import dev.communicable.spi.Authorizer;
import dev.communicable.spi.BudgetDecision;
import dev.communicable.spi.ClaimedDelivery;
import dev.communicable.spi.TenantBudget;
import dev.communicable.spi.ThrottleDecision;
import dev.communicable.spi.ThrottlePermit;
import dev.communicable.spi.Throttler;
import dev.communicable.template.TemplateException;
import dev.communicable.template.TemplateRenderer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one claimed (SENDING, leased) delivery to its next state, in this order: expired → EXPIRED;
 * an escalation made unnecessary (the message was read) → CANCELLED; refused by the authorizer or
 * the recipient's preferences → SUPPRESSED (and on to the fallback); inside quiet hours → back to
 * the queue until they end; the tenant's budget spent → back to the queue until its period resets;
 * over a throttle → back to the queue until a slot frees; otherwise rendered, counted against the
 * tenant's budget, and sent through the channel's adapters as a failover chain, and the provider's
 * answer decides: SENT (and escalations scheduled), a retry with backoff, DEAD_LETTERED when
 * attempts are spent, or FAILED; the last two move on to the fallback channel.
 *
 * <p>Each outcome is one guarded move added to the worker's {@link OutcomeBatch}, written with the
 * rest of its batch; a move that lost a race (another worker took over after the lease ran out, the
 * application cancelled) is skipped. Events, early receipts and the like follow only the moves that
 * were written.
 */
final class DeliveryWorker {
  private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

  /** The provider name recorded for an attempt that failed before any adapter was called. */
  static final String RENDERER = "renderer";

  /** The provider name recorded for an attempt that failed on an unexpected internal error. */
  static final String ENGINE = "engine";

  /** The provider name recorded for an attempt lost with its worker's lease. */
  static final String UNKNOWN_PROVIDER = "unknown";

  /** A deferral is at least this far ahead, so a frozen clock cannot spin on one delivery. */
  private static final Duration MIN_DEFERRAL = Duration.ofMillis(1);

  private final Clock clock;
  private final MessageCache messages;
  private final Policies policies;
  private final Authorizer authorizer;
  private final PreferenceCache preferences;
  private final Throttler throttler;
  private final BudgetGate budgets;
  private final TemplateService templates;
  private final TemplateRenderer renderer;
  private final ChannelRegistry channels;
  private final RevokedAddresses revoked;
  private final DeliveryRecorder recorder;
  private final FollowUps followUps;
  private final EarlyReceipts receipts;

  DeliveryWorker(
      Clock clock,
      MessageCache messages,
      Policies policies,
      Authorizer authorizer,
      PreferenceCache preferences,
      Throttler throttler,
      BudgetGate budgets,
      TemplateService templates,
      TemplateRenderer renderer,
      ChannelRegistry channels,
      RevokedAddresses revoked,
      DeliveryRecorder recorder,
      FollowUps followUps,
      EarlyReceipts receipts) {
    this.clock = clock;
    this.messages = messages;
    this.policies = policies;
    this.authorizer = authorizer;
    this.preferences = preferences;
    this.throttler = throttler;
    this.budgets = budgets;
    this.templates = templates;
    this.renderer = renderer;
    this.channels = channels;
    this.revoked = revoked;
    this.recorder = recorder;
    this.followUps = followUps;
    this.receipts = receipts;
  }

  /**
   * Processes {@code claim}, held by the owner of {@code out}, adding its outcome to {@code out}
   * (written when the batch is flushed). Never throws: an unexpected failure counts as an attempt
   * (outcome ERROR) and returns the delivery to the queue with the policy's backoff, or
   * dead-letters it when the attempts are spent; if even that write fails, the lease runs out and
   * the worker that takes it over counts the attempt.
   */
  void process(ClaimedDelivery claim, OutcomeBatch out) {
    Delivery claimed = claim.delivery();
    out.before(claimed);
    recorder.claimed(claimed);
    Delivery current = claimed;
    try {
      if (claim.takenOver()) {
        current = countLostAttempt(claimed, out, claim.takenOverFrom());
        if (current == null) {
          return;
        }
      }
      handle(current, out);
    } catch (RuntimeException e) {
      log.error("Processing delivery {} failed; counted as an attempt", claimed.id(), e);
      if (out.holds(claimed.id())) {
        return; // its outcome was decided before the failure and waits to be written
      }
      try {
        Instant now = clock.instant();
        String reason = "internal error: " + describe(e);
        DeliveryAttempt attempt =
            attempt(current, current.attempts() + 1, ENGINE, now, now, Outcome.ERROR, null, reason);
        retryOrDeadLetter(current, out, recipientOrNull(current), attempt, Duration.ZERO);
      } catch (RuntimeException again) {
        log.warn("Could not return delivery {} to the queue; its lease will", claimed.id(), again);
      }
    }
  }

  /**
   * Counts the attempt a worker whose lease ran out may have made (it died or hung while sending,
   * perhaps because of this very delivery): dead-letters the delivery when that spends the policy's
   * attempts, else records the lost attempt and goes on with the delivery, still leased to {@code
   * owner}. There is no further backoff: the lease that ran out was the wait.
   *
   * @return the delivery to go on with, or null when it was dead-lettered or moved on elsewhere
   */
  private Delivery countLostAttempt(Delivery claimed, OutcomeBatch out, String previousOwner) {
    Instant now = clock.instant();
    int number = claimed.attempts() + 1;
    String reason = "lease expired while sending (worker " + previousOwner + ")";
    DeliveryAttempt attempt =
        attempt(claimed, number, UNKNOWN_PROVIDER, now, now, Outcome.ERROR, null, reason);
    Retry retry = policies.forTopic(claimed.topic()).retry();
    if (!retry.allowsAnotherAfter(number)) {
      retryOrDeadLetter(claimed, out, recipientOrNull(claimed), attempt, Duration.ZERO);
      return null;
    }
    Delivery after = claimed.withAttempt(null, reason).apply(CLAIM, now);
    String detail =
        "attempt " + number + " of " + retry.maxAttempts() + " lost: " + reason + "; sending again";
    // Written at once, not batched: the send that follows must start from the stored attempt count.
    return recorder.write(claimed, after, out.owner(), attempt, detail, List.of()) ? after : null;
  }

  private void handle(Delivery claimed, OutcomeBatch out) {
    Instant now = clock.instant();
    if (claimed.expiresAt() != null && !now.isBefore(claimed.expiresAt())) {
      move(claimed, out, EXPIRE, now, "expired at " + claimed.expiresAt(), List.of());
      return;
    }
    Optional<Message> found = messages.get(claimed.tenantId(), claimed.messageId());
    Recipient recipient = found.flatMap(m -> recipientOf(m, claimed)).orElse(null);
    if (recipient == null) {
      fail(claimed, out, null, now, RENDERER, "its message or recipient is not stored");
      return;
    }
    Message message = found.orElseThrow();
    DeliveryPolicy policy = policies.forTopic(claimed.topic());

    if (claimed.escalationOf() != null) {
      String unnecessary = unnecessaryEscalation(claimed);
      if (unnecessary != null) {
        move(claimed, out, CANCEL, now, unnecessary, List.of());
        return;
      }
    }

    Preferences prefs = preferences.get(claimed.tenantId(), claimed.recipientId());
    String refusal = refusal(message, recipient, prefs, claimed);
    if (refusal != null) {
      move(claimed, out, SUPPRESS, now, refusal, followUps.fallback(claimed, recipient, now));
      return;
    }

    Instant quietUntil = quietUntil(claimed, policy, prefs, now);
    if (quietUntil != null) {
      defer(claimed, out, now, quietUntil, "quiet hours until " + quietUntil);
      return;
    }

    TenantBudget budget = budgets.budgetFor(claimed);
    BudgetDecision spent = budgets.exhausted(budget, claimed);
    if (spent != null) {
      defer(claimed, out, now, spent.resetsAt(), BudgetGate.heldBy(budget, spent));
      return;
    }

    // The throttle comes before the budget is counted: a send the throttle defers must not use up
    // budget (a day's or a month's cap). The price of that order is a throttle slot taken by a send
    // the budget then refuses; the check of the budget above keeps that to the few sends that race
    // for its last unit, and such a slot frees itself when its window slides on.
    List<ThrottlePermit> permits =
        policy.throttlesFor(claimed.channel()).stream()
            .map(t -> t.permitFor(claimed.tenantId(), claimed.channel(), claimed.recipientId()))
            .toList();
    if (!permits.isEmpty()) {
      ThrottleDecision decision = throttler.tryAcquire(permits);
      if (!decision.allowed()) {
        Instant at = now.plus(decision.retryAfter());
        defer(claimed, out, now, at, "throttled until " + at);
        return;
      }
    }

    Content content;
    try {
      content = render(message, claimed);
    } catch (TemplateException | NotFoundException e) {
      fail(claimed, out, recipient, now, RENDERER, e.getMessage());
      return;
    }
    BudgetDecision refused = budgets.consume(budget, claimed);
    if (refused != null) {
      defer(claimed, out, now, refused.resetsAt(), BudgetGate.heldBy(budget, refused));
      return;
    }
    send(claimed, out, message, recipient, policy, content);
  }

  private static Optional<Recipient> recipientOf(Message message, Delivery d) {
    return message.recipients().stream().filter(r -> r.id().equals(d.recipientId())).findFirst();
  }

  /** The delivery's recipient, or null when it cannot be read (then no fallback is planned). */
  private Recipient recipientOrNull(Delivery d) {
    try {
      return messages.get(d.tenantId(), d.messageId()).flatMap(m -> recipientOf(m, d)).orElse(null);
    } catch (RuntimeException e) {
      log.warn("Could not read the recipient of delivery {}", d.id(), e);
      return null;
    }
  }

  private void send(
      Delivery claimed,
      OutcomeBatch out,
      Message message,
      Recipient recipient,
      DeliveryPolicy policy,
      Content content) {
    int number = claimed.attempts() + 1;
    OutboundMessage outbound =
        new OutboundMessage(
            claimed.id(),
            claimed.messageId(),
            claimed.tenantId(),
            claimed.channel(),
            claimed.recipientId(),
            claimed.address(),
            claimed.locale(),
            content,
            message.data(),
            message.metadata(),
            claimed.idempotencyKey(),
            number,
            claimed.priority(),
            claimed.topic());
    List<ChannelAdapter> chain = channels.chainFor(claimed.channel(), claimed.address());
    Instant started = clock.instant();
    if (chain.isEmpty()) {
      fail(
          claimed,
          out,
          recipient,
          started,
          "none",
          "no adapter is registered for channel '" + claimed.channel() + "'");
      return;
    }

    SendResult result = null;
    boolean threw = false;
    Duration retryAfter = Duration.ZERO;
    List<String> failures = new ArrayList<>();
    for (ChannelAdapter adapter : chain) {
      threw = false;
      try {
        result = adapter.send(outbound);
        if (result == null) {
          result = SendResult.retryable(adapter.provider(), "the adapter returned no result");
        }
      } catch (RuntimeException e) {
        log.warn(
            "The {} adapter {} threw for delivery {}",
            claimed.channel(),
            adapter.provider(),
            claimed.id(),
            e);
        result = SendResult.retryable(adapter.provider(), describe(e));
        threw = true;
      }
      if (result instanceof SendResult.Retryable retryable) {
        failures.add(retryable.provider() + ": " + retryable.reason());
        Duration asked = retryable.retryAfter().orElse(Duration.ZERO);
        retryAfter = asked.compareTo(retryAfter) > 0 ? asked : retryAfter;
        continue;
      }
      break;
    }
    Instant finished = clock.instant();
    String earlier = failures.isEmpty() ? "" : " (after " + String.join("; ", failures) + ")";

    if (result instanceof SendResult.Accepted accepted) {
      DeliveryAttempt attempt =
          attempt(
              claimed,
              number,
              accepted.provider(),
              started,
              finished,
              Outcome.ACCEPTED,
              accepted.providerMessageId(),
              null);
      Delivery after =
          claimed.withAttempt(accepted.providerMessageId(), null).apply(ACCEPTED, finished);
      String detail =
          "accepted by "
              + accepted.provider()
              + (accepted.providerMessageId() == null ? "" : " as " + accepted.providerMessageId())
              + earlier;
      List<Delivery> escalations = followUps.escalations(claimed, recipient, policy, finished);
      Runnable forget = receipts.recording(claimed, accepted.providerMessageId());
      out.add(claimed, after, attempt, detail, escalations, receipts::recorded, forget);
    } else if (result instanceof SendResult.Permanent permanent) {
      String reason =
          permanent.provider()
              + " refused"
              + (permanent.code() == null ? "" : " (" + permanent.code() + ")")
              + ": "
              + permanent.reason()
              + earlier;
      DeliveryAttempt attempt =
          attempt(
              claimed,
              number,
              permanent.provider(),
              started,
              finished,
              Outcome.PERMANENT,
              null,
              reason);
      Delivery after = claimed.withAttempt(null, reason).apply(REJECTED, finished);
      out.add(claimed, after, attempt, reason, followUps.fallback(claimed, recipient, finished));
      if (SendResult.ADDRESS_REVOKED.equals(permanent.code())) {
        revoked.deactivate(claimed, finished);
      }
    } else {
      SendResult.Retryable retryable = (SendResult.Retryable) result;
      DeliveryAttempt attempt =
          attempt(
              claimed,
              number,
              retryable.provider(),
              started,
              finished,
              threw ? Outcome.ERROR : Outcome.RETRYABLE,
              null,
              String.join("; ", failures));
      retryOrDeadLetter(claimed, out, recipient, attempt, retryAfter);
    }
  }

  /**
   * Records {@code attempt}, a failure that may pass later: back to the queue after the policy's
   * backoff (or {@code atLeast}, if longer) while the policy allows another attempt, else
   * dead-lettered and on to the fallback channel ({@code recipient} null: no fallback).
   */
  private void retryOrDeadLetter(
      Delivery claimed,
      OutcomeBatch out,
      Recipient recipient,
      DeliveryAttempt attempt,
      Duration atLeast) {
    int number = attempt.number();
    Instant finished = attempt.finishedAt();
    String error = attempt.error();
    Retry retry = policies.forTopic(claimed.topic()).retry();
    Delivery failed = claimed.withAttempt(null, error);
    if (retry.allowsAnotherAfter(number)) {
      Duration backoff = retry.delay(number, ThreadLocalRandom.current());
      Duration wait = atLeast.compareTo(backoff) > 0 ? atLeast : backoff;
      Instant at = latest(finished.plus(wait), finished.plus(MIN_DEFERRAL));
      String detail =
          "attempt "
              + number
              + " of "
              + retry.maxAttempts()
              + " failed, retry at "
              + at
              + ": "
              + error;
      out.add(
          claimed, failed.apply(RETRY, finished).withScheduledAt(at), attempt, detail, List.of());
    } else {
      String detail =
          "attempt " + number + " of " + retry.maxAttempts() + " failed, none left: " + error;
      List<Delivery> next =
          recipient == null ? List.of() : followUps.fallback(claimed, recipient, finished);
      out.add(claimed, failed.apply(EXHAUSTED, finished), attempt, detail, next);
    }
  }

  /** Records a permanent failure that happened before any provider answered. */
  private void fail(
      Delivery claimed,
      OutcomeBatch out,
      Recipient recipient,
      Instant now,
      String provider,
      String reason) {
    DeliveryAttempt attempt =
        attempt(
            claimed, claimed.attempts() + 1, provider, now, now, Outcome.PERMANENT, null, reason);
    Delivery after = claimed.withAttempt(null, reason).apply(REJECTED, now);
    List<Delivery> next =
        recipient == null ? List.of() : followUps.fallback(claimed, recipient, now);
    out.add(claimed, after, attempt, reason, next);
  }

  private void move(
      Delivery claimed,
      OutcomeBatch out,
      DeliveryEvent event,
      Instant now,
      String detail,
      List<Delivery> next) {
    out.add(claimed, claimed.apply(event, now), null, detail, next);
  }

  private void defer(Delivery claimed, OutcomeBatch out, Instant now, Instant at, String detail) {
    Instant due = latest(at, now.plus(MIN_DEFERRAL));
    out.add(claimed, claimed.apply(DEFER, now).withScheduledAt(due), null, detail, List.of());
  }

  private Content render(Message message, Delivery delivery) {
    if (message.templateId() != null) {
      return templates.render(
          delivery.tenantId(),
          message.templateId(),
          delivery.channel(),
          delivery.locale(),
          message.data());
    }
    return renderer.render("inline content", message.content(), message.data());
  }

  /** Why an escalation is no longer needed, or null when it still is. */
  private String unnecessaryEscalation(Delivery escalation) {
    List<Delivery> family = followUps.recipientDeliveries(escalation);
    for (Delivery d : family) {
      if (d.state() == DeliveryState.READ) {
        return "not needed: the message was read";
      }
    }
    for (Delivery d : family) {
      // a fallback that went out after the escalation was planned (the first step was reported
      // undelivered) already brought the message on this channel
      if (d.escalationOf() == null
          && d.channel().equals(escalation.channel())
          && d.state().isSuccess()) {
        return "not needed: delivery " + d.id() + " reached the recipient on this channel";
      }
    }
    for (Delivery d : family) {
      boolean earlierTwin =
          d.escalationOf() != null
              && !d.escalationOf().equals(escalation.escalationOf())
              && d.channel().equals(escalation.channel())
              && (d.createdAt().isBefore(escalation.createdAt())
                  || d.createdAt().equals(escalation.createdAt())
                      && d.id().value().compareTo(escalation.id().value()) < 0);
      if (earlierTwin) {
        return "not needed: delivery " + d.id() + " escalates this message already";
      }
    }
    return null;
  }

  private String refusal(Message message, Recipient recipient, Preferences prefs, Delivery d) {
    if (!authorizer.permits(d.tenantId(), message.senderId(), recipient, d.topic(), d.channel())) {
      return "not permitted";
    }
    if (!prefs.allows(d.topic(), d.channel(), d.priority())) {
      return prefs.muted() ? "muted by the recipient" : "opted out by the recipient";
    }
    return null;
  }

  /**
   * The end of the quiet hours (the policy's, then the recipient's own, in the recipient's zone)
   * that {@code now} falls in, or null when sending is allowed now. In-app messages are never held:
   * an inbox entry does not interrupt anyone.
   */
  private static Instant quietUntil(
      Delivery d, DeliveryPolicy policy, Preferences prefs, Instant now) {
    if (ChannelType.IN_APP.equals(d.channel())) {
      return null;
    }
    boolean critical = d.priority() == Priority.CRITICAL;
    QuietHours policyQuiet =
        critical && policy.criticalBypassesQuietHours() ? null : policy.quietHours().orElse(null);
    QuietHours ownQuiet = critical && prefs.criticalOverride() ? null : prefs.quietHours();
    Instant at = now;
    for (int i = 0; i < 4; i++) { // two spans can chain; a few rounds settle it
      Instant next = at;
      if (policyQuiet != null) {
        next = policyQuiet.nextAllowed(next, d.timeZone());
      }
      if (ownQuiet != null) {
        next = ownQuiet.nextAllowed(next, d.timeZone());
      }
      if (next.equals(at)) {
        break;
      }
      at = next;
    }
    return at.equals(now) ? null : at;
  }

  private static DeliveryAttempt attempt(
      Delivery d,
      int number,
      String provider,
      Instant started,
      Instant finished,
      Outcome outcome,
      String providerMessageId,
      String error) {
    return new DeliveryAttempt(
        d.id(),
        d.tenantId(),
        number,
        provider,
        started,
        finished,
        outcome,
        providerMessageId,
        error);
  }

  private static Instant latest(Instant a, Instant b) {
    return a.isAfter(b) ? a : b;
  }

  static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
