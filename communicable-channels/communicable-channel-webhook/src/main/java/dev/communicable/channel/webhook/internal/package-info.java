/**
 * Implementation of the webhook and chat channels: the egress guard, the HTTP transport, the
 * Standard Webhooks adapter and the Slack, Discord and Teams message shapes. Not API: may change
 * without notice; use {@link dev.communicable.channel.webhook.WebhookAdapters}.
 */
@NullMarked
package dev.communicable.channel.webhook.internal;

import org.jspecify.annotations.NullMarked;
