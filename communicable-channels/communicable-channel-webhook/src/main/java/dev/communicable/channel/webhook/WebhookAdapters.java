package dev.communicable.channel.webhook;

import dev.communicable.Arguments;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.webhook.internal.ChatChannelAdapter;
import dev.communicable.channel.webhook.internal.StandardWebhookAdapter;

/**
 * Builds the adapters of this module. Both send with the JDK HTTP client, refuse bad input and
 * internal addresses before any network call, and map answers to accepted, retryable (honouring
 * {@code Retry-After}) or permanent. Close an adapter to stop its threads.
 *
 * <p>With settings instead of code, {@link dev.communicable.channel.ChannelAdapters#discover()}
 * finds them: {@code communicable.webhook.secret} enables the webhook adapter and {@code
 * communicable.chat.enabled=true} the chat adapter (see {@code docs/channels/webhook.md}).
 */
public final class WebhookAdapters {
  private WebhookAdapters() {}

  /**
   * The {@link dev.communicable.channel.ChannelType#WEBHOOK} adapter: POSTs a JSON body to the
   * message's address, signed per Standard Webhooks ({@code webhook-id} = the delivery's
   * idempotency key, {@code webhook-timestamp}, {@code webhook-signature}).
   */
  public static ChannelAdapter webhook(WebhookConfig config) {
    return new StandardWebhookAdapter(Arguments.notNull("config", config));
  }

  /**
   * The {@link dev.communicable.channel.ChannelType#CHAT} adapter: posts to Slack, Discord or Teams
   * incoming webhook URLs, each in its own message shape.
   */
  public static ChannelAdapter chat(ChatConfig config) {
    return new ChatChannelAdapter(Arguments.notNull("config", config));
  }
}
