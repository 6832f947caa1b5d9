package dev.communicable;

import java.util.Objects;

/**
 * A request (a notification, a policy, a template, a preference change...) was rejected before
 * anything was written. The message names the field and the problem, for example {@code
 * "recipients[2].email: not a valid address, was 'bob@'"}.
 */
public class InvalidRequestException extends CommunicationException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String problem;

  public InvalidRequestException(String field, String problem) {
    super(
        Objects.requireNonNull(field, "field") + ": " + Objects.requireNonNull(problem, "problem"));
    this.field = field;
    this.problem = problem;
  }

  /** The path of the offending field, such as {@code "idempotencyKey"} or {@code "data.amount"}. */
  public String field() {
    return field;
  }

  /** What is wrong with the field, in words. */
  public String problem() {
    return problem;
  }
}
