/** Delivery policies: retry and backoff, throttling, quiet hours, fallback, escalation, expiry. */
package dev.communicable.policy;
