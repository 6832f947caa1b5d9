package dev.communicable.workflow;

/**
 * The receipt a {@link Step.WaitFor} step waits for, from the deliveries of an earlier {@link
 * Step.Send} step. A later state counts for an earlier one: a read delivery is also delivered.
 */
public enum AwaitedReceipt {
  /** Any delivery of the step was delivered (or read). */
  DELIVERED,
  /** Any delivery of the step was read (opened). */
  READ
}
