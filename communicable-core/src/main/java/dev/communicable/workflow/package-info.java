/**
 * Workflows that tenants configure: a {@link dev.communicable.workflow.Workflow} is a versioned,
 * per-tenant definition started by an event name and made of {@link dev.communicable.workflow.Step
 * steps} (send, delay, wait for a receipt, branch on a {@link dev.communicable.workflow.Condition},
 * digest, throttle, exit). Definitions are built with {@link
 * dev.communicable.workflow.Workflow#builder(String)} or read from JSON with {@link
 * dev.communicable.workflow.WorkflowJson}, and published with {@link
 * dev.communicable.workflow.Workflows}.
 */
@NullMarked
package dev.communicable.workflow;

import org.jspecify.annotations.NullMarked;
