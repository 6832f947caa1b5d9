package dev.communicable.internal;

import dev.communicable.Content;
import dev.communicable.NotFoundException;
import dev.communicable.StoreException;
import dev.communicable.delivery.Delivery;
import dev.communicable.internal.gate.BudgetGate;
import dev.communicable.internal.gate.Candidate;
import dev.communicable.internal.gate.Gate;
import dev.communicable.internal.gate.GateDecision;
import dev.communicable.internal.gate.Gates;
import dev.communicable.spi.ClaimedDelivery;
import dev.communicable.spi.StoredDelivery;
import dev.communicable.template.TemplateException;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one claimed (SENDING, leased) delivery to its next state. First its gates, in order (see
 * {@link Gates#inOrder}): expired → EXPIRED; its message gone → FAILED; an escalation made
 * unnecessary (the message was read) → CANCELLED; refused by the authorizer or the recipient's
 * preferences → SUPPRESSED (and on to the fallback); inside quiet hours → back to the queue until
 * they end; the tenant's budget spent → back to the queue until its period resets; over a throttle
 * → back to the queue until a slot frees. Past them, rendered, counted against the tenant's budget,
 * and sent through the channel's {@link FailoverChain}, whose answer {@link DeliveryOutcomes} turns
 * into SENT (and escalations scheduled), a retry with backoff, DEAD_LETTERED when attempts are
 * spent, or FAILED; the last two move on to the fallback channel.
 *
 * <p>Each outcome is one guarded move added to the worker's {@link OutcomeBatch}, written with the
 * rest of its batch; a move that lost a race (another worker took over after the lease ran out, the
 * application cancelled) is skipped. Events, early receipts and the like follow only the moves that
 * were written.
 */
final class DeliveryWorker {
  private static final Logger log = LoggerFactory.getLogger(DeliveryWorker.class);

  private final Clock clock;
  private final Candidates candidates;
  private final List<Gate> gates;
  private final BudgetGate budgets;
  private final DeliveryRenderer renderer;
  private final FailoverChain chain;
  private final DeliveryOutcomes outcomes;
  private final DeliveryRecorder recorder;

  /**
   * @param gates asked in order before each send
   * @param budgets the budget gate among {@code gates}, which also counts each send once rendered
   */
  DeliveryWorker(
      Clock clock,
      Candidates candidates,
      List<Gate> gates,
      BudgetGate budgets,
      DeliveryRenderer renderer,
      FailoverChain chain,
      DeliveryOutcomes outcomes,
      DeliveryRecorder recorder) {
    this.clock = clock;
    this.candidates = candidates;
    this.gates = List.copyOf(gates);
    this.budgets = budgets;
    this.renderer = renderer;
    this.chain = chain;
    this.outcomes = outcomes;
    this.recorder = recorder;
  }

  /**
   * Processes {@code claim}, held by the owner of {@code out}, adding its outcome to {@code out}
   * (written when the batch is flushed). Never throws. A transient {@link StoreException} before
   * any provider is called (reading the message or the preferences, say) releases the delivery to
   * the queue without an attempt ({@link DeliveryOutcomes#released}). Any other failure counts as
   * an attempt (outcome ERROR) and returns the delivery to the queue with the policy's backoff, or
   * dead-letters it when the attempts are spent; if even that write fails, the lease runs out and
   * another worker takes it over. A take-over costs no attempt; a delivery taken over too often is
   * dead-lettered ({@link DeliveryOutcomes#takenOver}).
   */
  void process(ClaimedDelivery claim, OutcomeBatch out) {
    Delivery claimed = claim.delivery();
    out.before(claimed);
    recorder.claimed(claimed);
    StoredDelivery current = claim.stored();
    try {
      String previousOwner = claim.takenOverFrom();
      if (previousOwner != null
          && !outcomes.takenOver(
              current,
              out,
              previousOwner,
              clock.instant(),
              () -> candidates.recipientOrNull(claimed))) {
        return;
      }
      handle(current, out);
    } catch (RuntimeException e) {
      log.error("Processing delivery {} failed; counted as an attempt", claimed.id(), e);
      if (out.holds(claimed.id())) {
        return; // its outcome was decided before the failure and waits to be written
      }
      try {
        outcomes.crashed(
            current, out, clock.instant(), candidates.recipientOrNull(current.delivery()), e);
      } catch (RuntimeException again) {
        log.warn("Could not return delivery {} to the queue; its lease will", claimed.id(), again);
      }
    }
  }

  private void handle(StoredDelivery stored, OutcomeBatch out) {
    Candidate candidate = candidates.of(stored.delivery(), clock.instant());
    Content content;
    try {
      content = prepare(stored, candidate, out);
    } catch (StoreException e) {
      if (!e.isTransient()) {
        throw e; // may never pass: counted as an attempt, so that it cannot loop forever
      }
      log.warn(
          "Store error before sending delivery {}; released without an attempt",
          stored.delivery().id(),
          e);
      outcomes.released(stored, out, clock.instant(), e);
      return;
    }
    if (content == null) {
      return;
    }
    ChainResult result =
        chain.send(DeliveryRenderer.outbound(candidate.delivery(), candidate.message(), content));
    outcomes.sent(stored, out, candidate.recipient(), candidate.policy(), result);
  }

  /**
   * Everything before the send, which calls no provider: the gates (reading the message, the
   * preferences and the budget as they ask), the rendering and the budget count.
   *
   * @return the content to send, or null when the delivery was stopped (its move is in {@code out})
   */
  private @Nullable Content prepare(StoredDelivery stored, Candidate candidate, OutcomeBatch out) {
    for (Gate gate : gates) {
      GateDecision decision = gate.check(candidate);
      if (!decision.proceeds()) {
        outcomes.stopped(stored, candidate, decision, out);
        return null;
      }
    }
    Content content;
    try {
      content = renderer.render(candidate.message(), candidate.delivery());
    } catch (TemplateException | NotFoundException e) {
      outcomes.refused(
          stored,
          out,
          candidate.recipient(),
          candidate.now(),
          DeliveryOutcomes.RENDERER,
          e.getMessage());
      return null;
    }
    // Counted only now that the throttle let it through and it rendered (see Gates#inOrder).
    GateDecision counted = budgets.consume(candidate);
    if (!counted.proceeds()) {
      outcomes.stopped(stored, candidate, counted, out);
      return null;
    }
    return content;
  }
}
