/**
 * Workflows that tenants configure: definitions of steps triggered by an event, and their durable
 * runs.
 */
@NullMarked
package dev.communicable.workflow;

import org.jspecify.annotations.NullMarked;
