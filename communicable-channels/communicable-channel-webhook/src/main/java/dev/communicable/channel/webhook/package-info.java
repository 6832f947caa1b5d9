/**
 * Webhook and chat channels: signed webhooks following the <a
 * href="https://www.standardwebhooks.com">Standard Webhooks</a> specification, and Slack, Discord
 * and Microsoft Teams incoming webhooks.
 *
 * <p>Build adapters with {@link dev.communicable.channel.webhook.WebhookAdapters}; receivers check
 * what they get with {@link dev.communicable.channel.webhook.WebhookVerifier}. Every outbound
 * request passes the {@link dev.communicable.channel.webhook.EgressRules}, which refuse internal
 * network addresses unless they are explicitly allowed.
 */
@NullMarked
package dev.communicable.channel.webhook;

import org.jspecify.annotations.NullMarked;
