package dev.communicable.internal;

import static dev.communicable.delivery.DeliveryEvent.ACCEPTED;
import static dev.communicable.delivery.DeliveryEvent.CANCEL;
import static dev.communicable.delivery.DeliveryEvent.DEFER;
import static dev.communicable.delivery.DeliveryEvent.EXHAUSTED;
import static dev.communicable.delivery.DeliveryEvent.EXPIRE;
import static dev.communicable.delivery.DeliveryEvent.REJECTED;
import static dev.communicable.delivery.DeliveryEvent.RETRY;
import static dev.communicable.delivery.DeliveryEvent.SUPPRESS;

import dev.communicable.Recipient;
import dev.communicable.StoreException;
import dev.communicable.channel.SendResult;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.DeliveryAttempt.Outcome;
import dev.communicable.internal.gate.Candidate;
import dev.communicable.internal.gate.GateDecision;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.policy.Retry;
import dev.communicable.spi.StoredDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns what happened to a claimed delivery into its move, added to the worker's {@link
 * OutcomeBatch}: a gate's decision; the failover chain's answer (accepted: SENT, the policy's
 * escalations, and the early receipts applied once written; refused: FAILED, on to the fallback, a
 * revoked address deactivated; failed: back to the queue with backoff, or DEAD_LETTERED and on to
 * the fallback when the attempts are spent); a refusal before any provider answered; an attempt
 * lost to an unexpected error; a take-over, dead-lettered when it happened too often.
 */
final class DeliveryOutcomes {

  /** The provider name recorded for an attempt that failed before any adapter was called. */
  static final String RENDERER = "renderer";

  /** The provider name recorded for an attempt that failed on an unexpected internal error. */
  static final String ENGINE = "engine";

  /** The provider name recorded for an attempt on a channel without adapters. */
  static final String NO_PROVIDER = "none";

  /**
   * How long a delivery released after a transient store error before its send waits before it is
   * due again: long enough not to hammer a database that is failing over, short next to a backoff.
   */
  static final Duration STORE_ERROR_PAUSE = Duration.ofSeconds(5);

  /**
   * A delivery taken over this many times is dead-lettered instead of sent again: each take-over
   * means the worker holding it died or hung, so a delivery that kills or hangs every worker that
   * sends it stops after three of them.
   */
  static final int MAX_TAKEOVERS = 3;

  /** A deferral is at least this far ahead, so a frozen clock cannot spin on one delivery. */
  private static final Duration MIN_DEFERRAL = Duration.ofMillis(1);

  private final Policies policies;
  private final FollowUps followUps;
  private final RevokedAddresses revoked;
  private final EarlyReceipts receipts;

  DeliveryOutcomes(
      Policies policies, FollowUps followUps, RevokedAddresses revoked, EarlyReceipts receipts) {
    this.policies = policies;
    this.followUps = followUps;
    this.revoked = revoked;
    this.receipts = receipts;
  }

  /**
   * Records the move a gate decided when it stopped {@code c}, the candidate of {@code stored};
   * {@code decision} is not Proceed.
   */
  void stopped(StoredDelivery stored, Candidate c, GateDecision decision, OutcomeBatch out) {
    Delivery claimed = stored.delivery();
    Instant now = c.now();
    if (decision instanceof GateDecision.Defer defer) {
      Instant due = latest(defer.until(), now.plus(MIN_DEFERRAL));
      out.add(
          stored, claimed.apply(DEFER, now).withScheduledAt(due), null, defer.reason(), List.of());
    } else if (decision instanceof GateDecision.Suppress suppress) {
      List<Delivery> next = followUps.fallback(claimed, c.recipient(), now);
      out.add(stored, claimed.apply(SUPPRESS, now), null, suppress.reason(), next);
    } else if (decision instanceof GateDecision.Cancel cancel) {
      out.add(stored, claimed.apply(CANCEL, now), null, cancel.reason(), List.of());
    } else if (decision instanceof GateDecision.Expire expire) {
      out.add(stored, claimed.apply(EXPIRE, now), null, expire.reason(), List.of());
    } else if (decision instanceof GateDecision.Reject reject) {
      refused(stored, out, null, now, RENDERER, reject.reason());
    } else {
      throw new IllegalArgumentException("not a decision that stops a delivery: " + decision);
    }
  }

  /**
   * Records the failover chain's answer to the delivery's next attempt; {@code recipient} and
   * {@code policy} plan what follows (escalations, fallback).
   */
  void sent(
      StoredDelivery stored,
      OutcomeBatch out,
      Recipient recipient,
      DeliveryPolicy policy,
      ChainResult result) {
    Delivery claimed = stored.delivery();
    if (result.noAdapter()) {
      String reason = "no adapter is registered for channel '" + claimed.channel() + "'";
      refused(stored, out, recipient, result.started(), NO_PROVIDER, reason);
    } else if (result.answer() instanceof SendResult.Accepted accepted) {
      accepted(stored, out, recipient, policy, result, accepted);
    } else if (result.answer() instanceof SendResult.Permanent permanent) {
      refusedByProvider(stored, out, recipient, result, permanent);
    } else {
      Outcome outcome = result.threw() ? Outcome.ERROR : Outcome.RETRYABLE;
      String reason = String.join("; ", result.failures());
      DeliveryAttempt attempt =
          attempt(claimed, result.answer().provider(), result, outcome, null, reason);
      retryOrDeadLetter(stored, out, recipient, attempt, result.retryAfter());
    }
  }

  private void accepted(
      StoredDelivery stored,
      OutcomeBatch out,
      Recipient recipient,
      DeliveryPolicy policy,
      ChainResult result,
      SendResult.Accepted accepted) {
    Delivery claimed = stored.delivery();
    String providerId = accepted.providerMessageId();
    DeliveryAttempt attempt =
        attempt(claimed, accepted.provider(), result, Outcome.ACCEPTED, providerId, null);
    Instant finished = result.finished();
    Delivery after = claimed.withAttempt(providerId, null).apply(ACCEPTED, finished);
    String detail =
        "accepted by "
            + accepted.provider()
            + (providerId == null ? "" : " as " + providerId)
            + result.earlier();
    List<Delivery> escalations = followUps.escalations(claimed, recipient, policy, finished);
    Runnable forget = receipts.recording(claimed, providerId);
    out.add(stored, after, attempt, detail, escalations, receipts::recorded, forget);
  }

  private void refusedByProvider(
      StoredDelivery stored,
      OutcomeBatch out,
      Recipient recipient,
      ChainResult result,
      SendResult.Permanent permanent) {
    Delivery claimed = stored.delivery();
    String reason =
        permanent.provider()
            + " refused"
            + (permanent.code() == null ? "" : " (" + permanent.code() + ")")
            + ": "
            + permanent.reason()
            + result.earlier();
    DeliveryAttempt attempt =
        attempt(claimed, permanent.provider(), result, Outcome.PERMANENT, null, reason);
    Instant finished = result.finished();
    Delivery after = claimed.withAttempt(null, reason).apply(REJECTED, finished);
    out.add(stored, after, attempt, reason, followUps.fallback(claimed, recipient, finished));
    if (SendResult.ADDRESS_REVOKED.equals(permanent.code())) {
      revoked.deactivate(claimed, finished);
    }
  }

  /**
   * Records a permanent failure that happened before any provider answered, on to the fallback
   * channel ({@code recipient} null: no fallback).
   */
  void refused(
      StoredDelivery stored,
      OutcomeBatch out,
      @Nullable Recipient recipient,
      Instant now,
      String provider,
      String reason) {
    Delivery claimed = stored.delivery();
    DeliveryAttempt attempt =
        attempt(
            claimed, claimed.attempts() + 1, provider, now, now, Outcome.PERMANENT, null, reason);
    Delivery after = claimed.withAttempt(null, reason).apply(REJECTED, now);
    List<Delivery> next =
        recipient == null ? List.of() : followUps.fallback(claimed, recipient, now);
    out.add(stored, after, attempt, reason, next);
  }

  /**
   * Records an attempt that ended in an unexpected failure of the engine itself, as a retryable one
   * ({@code recipient} null: no fallback when the attempts are spent).
   */
  void crashed(
      StoredDelivery current,
      OutcomeBatch out,
      Instant now,
      @Nullable Recipient recipient,
      Throwable failure) {
    String reason = "internal error: " + describe(failure);
    Delivery d = current.delivery();
    DeliveryAttempt attempt =
        attempt(d, d.attempts() + 1, ENGINE, now, now, Outcome.ERROR, null, reason);
    retryOrDeadLetter(current, out, recipient, attempt, Duration.ZERO);
  }

  /**
   * Hands {@code stored} back to the queue after {@code failure}, a transient store error before
   * any provider was called (reading its message or its recipient's preferences, say): not an
   * attempt, due again after {@link #STORE_ERROR_PAUSE}.
   */
  void released(StoredDelivery stored, OutcomeBatch out, Instant now, StoreException failure) {
    Delivery claimed = stored.delivery();
    Instant due = now.plus(STORE_ERROR_PAUSE);
    String detail =
        "released without an attempt after a store error before sending, due again at "
            + due
            + ": "
            + describe(failure);
    out.add(stored, claimed.apply(DEFER, now).withScheduledAt(due), null, detail, List.of());
  }

  /**
   * Decides what follows a take-over of {@code stored} from {@code previousOwner}, whose lease ran
   * out while it was SENDING: no attempt is counted (the worker may have died before it tried this
   * delivery, or it died in a send whose outcome no one knows). A delivery taken over {@link
   * #MAX_TAKEOVERS} times (counted by the claims, {@link StoredDelivery#takeovers()}) has killed or
   * hung every worker that held it: it is dead-lettered, with a timeline entry saying so, and moves
   * on to the fallback channel. Otherwise the send goes on at once, its attempts unchanged (the
   * lease that ran out was the wait).
   *
   * @param recipient reads who the delivery is for, null when unknown (then no fallback is
   *     planned); read only when the delivery is dead-lettered
   * @return true when the send goes on, false when the delivery was dead-lettered
   */
  boolean takenOver(
      StoredDelivery stored,
      OutcomeBatch out,
      String previousOwner,
      Instant now,
      Supplier<@Nullable Recipient> recipient) {
    if (stored.takeovers() < MAX_TAKEOVERS) {
      return true;
    }
    Delivery claimed = stored.delivery();
    String reason =
        "taken over "
            + stored.takeovers()
            + " times, each time after its worker's lease ran out while sending (last worker "
            + previousOwner
            + ")";
    String detail = "dead-lettered: " + reason;
    Recipient who = recipient.get();
    List<Delivery> next = who == null ? List.of() : followUps.fallback(claimed, who, now);
    out.add(stored, claimed.withLastError(reason).apply(EXHAUSTED, now), null, detail, next);
    return false;
  }

  /**
   * Records {@code attempt}, a failure that may pass later: back to the queue after the policy's
   * backoff (or {@code atLeast}, if longer) while the policy allows another attempt, else
   * dead-lettered and on to the fallback channel ({@code recipient} null: no fallback).
   */
  private void retryOrDeadLetter(
      StoredDelivery stored,
      OutcomeBatch out,
      @Nullable Recipient recipient,
      DeliveryAttempt attempt,
      Duration atLeast) {
    Delivery claimed = stored.delivery();
    int number = attempt.number();
    Instant finished = attempt.finishedAt();
    String error = attempt.error();
    Retry retry = policies.forTopic(claimed.topic()).retry();
    Delivery failed = claimed.withAttempt(null, error);
    String ofMax = "attempt " + number + " of " + retry.maxAttempts() + " failed";
    if (retry.allowsAnotherAfter(number)) {
      Duration backoff = retry.delay(number, ThreadLocalRandom.current());
      Duration wait = atLeast.compareTo(backoff) > 0 ? atLeast : backoff;
      Instant at = latest(finished.plus(wait), finished.plus(MIN_DEFERRAL));
      String detail = ofMax + ", retry at " + at + ": " + error;
      out.add(
          stored, failed.apply(RETRY, finished).withScheduledAt(at), attempt, detail, List.of());
    } else {
      String detail = ofMax + ", none left: " + error;
      List<Delivery> next =
          recipient == null ? List.of() : followUps.fallback(claimed, recipient, finished);
      out.add(stored, failed.apply(EXHAUSTED, finished), attempt, detail, next);
    }
  }

  /** The attempt the failover chain made, numbered after the delivery's earlier ones. */
  private static DeliveryAttempt attempt(
      Delivery d,
      String provider,
      ChainResult result,
      Outcome outcome,
      @Nullable String providerMessageId,
      @Nullable String error) {
    return attempt(
        d,
        d.attempts() + 1,
        provider,
        result.started(),
        result.finished(),
        outcome,
        providerMessageId,
        error);
  }

  private static DeliveryAttempt attempt(
      Delivery d,
      int number,
      String provider,
      Instant started,
      Instant finished,
      Outcome outcome,
      @Nullable String providerMessageId,
      @Nullable String error) {
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

  /** An exception as an attempt's error names it: its simple class name and its message. */
  static String describe(Throwable e) {
    String message = e.getMessage();
    return e.getClass().getSimpleName() + (message == null ? "" : ": " + message);
  }
}
