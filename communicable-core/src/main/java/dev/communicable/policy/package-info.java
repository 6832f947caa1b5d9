/** Delivery policies: retry and backoff, throttling, quiet hours, fallback, escalation, expiry. */
@NullMarked
package dev.communicable.policy;

import org.jspecify.annotations.NullMarked;
