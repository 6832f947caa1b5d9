package dev.communicable.channel.webhook.internal;

import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelAdapterProvider;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.channel.support.Settings;
import dev.communicable.channel.webhook.ChatConfig;
import dev.communicable.channel.webhook.ChatKind;
import dev.communicable.channel.webhook.WebhookAdapters;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the chat adapter from settings for {@link java.util.ServiceLoader}. A chat webhook URL
 * carries its own credential, so there is no secret to require; the adapter is present when {@code
 * communicable.chat.enabled=true} or {@code communicable.chat.kind} is set:
 *
 * <ul>
 *   <li>{@code communicable.chat.kind}: {@code slack}, {@code discord} or {@code teams} to use one
 *       shape for every URL; default by host
 *   <li>{@code communicable.chat.allow}, {@code .allow-http}, {@code .connect-timeout}, {@code
 *       .request-timeout}, {@code .follow-redirects}: as for webhooks
 * </ul>
 */
public final class ChatAdapterProvider implements ChannelAdapterProvider {

  @Override
  public Optional<ChannelAdapter> create(Function<String, String> lookup) {
    Settings settings = Settings.of("communicable.chat.", lookup);
    Optional<ChatKind> kind =
        settings.text("kind").map(name -> ChatKind.parse(settings.name("kind"), name));
    boolean enabled = settings.bool("enabled").orElse(kind.isPresent());
    if (!enabled) {
      return Optional.empty();
    }
    ChatConfig.Builder config =
        ChatConfig.builder().egress(WebhookAdapterProvider.egress(settings));
    kind.ifPresent(config::kind);
    config.http(settings.http(HttpSettings.defaults()));
    settings.integer("follow-redirects").ifPresent(config::followRedirects);
    return Optional.of(WebhookAdapters.chat(settings.build(config::build)));
  }
}
