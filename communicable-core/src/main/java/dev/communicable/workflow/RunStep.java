package dev.communicable.workflow;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One recorded step of a workflow run, as its timeline shows it.
 *
 * @param seq the record's place in the run, from 1
 * @param stepId the step's id in the workflow ({@code "start"} and {@code "cancel"} for the run's
 *     own events)
 * @param type the step's kind: {@code send}, {@code delay}, {@code waitFor}, {@code branch}, {@code
 *     digest}, {@code throttle}, {@code exit}, or {@code run} for the run's own events
 * @param outcome what happened, such as {@code sent}, {@code waiting}, {@code receipt}, {@code
 *     timeout}, {@code then}, {@code collecting}, {@code merged}, {@code throttled}, {@code
 *     cancelled}
 * @param detail more words, such as the message id sent or the time waited for; null for none
 * @param at when
 */
public record RunStep(
    int seq, String stepId, String type, String outcome, @Nullable String detail, Instant at) {
  /** The longest detail kept; the rest is cut off. */
  public static final int MAX_DETAIL = 500;

  public RunStep {
    Objects.requireNonNull(stepId, "stepId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(at, "at");
    if (detail != null && detail.length() > MAX_DETAIL) {
      detail = detail.substring(0, MAX_DETAIL);
    }
  }

  /** A record to append, its {@code seq} given by the store. */
  public static RunStep of(
      String stepId, String type, String outcome, @Nullable String detail, Instant at) {
    return new RunStep(0, stepId, type, outcome, detail, at);
  }
}
