package dev.communicable.workflow;

import dev.communicable.CommunicationException;

/** A workflow run was asked to move between states its state machine does not connect. */
public class IllegalRunTransitionException extends CommunicationException {
  private static final long serialVersionUID = 1L;

  private final RunState from;
  private final RunState to;

  public IllegalRunTransitionException(RunState from, RunState to) {
    super("state: a workflow run in state " + from + " cannot move to " + to);
    this.from = from;
    this.to = to;
  }

  public RunState from() {
    return from;
  }

  public RunState to() {
    return to;
  }
}
