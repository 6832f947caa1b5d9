package dev.communicable.channel.webhook.internal;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelAdapterProvider;
import dev.communicable.channel.support.Settings;
import dev.communicable.channel.webhook.EgressRules;
import dev.communicable.channel.webhook.WebhookAdapters;
import dev.communicable.channel.webhook.WebhookConfig;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the webhook adapter from settings for {@link java.util.ServiceLoader}:
 *
 * <ul>
 *   <li>{@code communicable.webhook.secret}: one or more {@code whsec_...} secrets separated by
 *       spaces or commas; required, the adapter is absent without it
 *   <li>{@code communicable.webhook.allow}: hosts and CIDR ranges allowed despite being internal
 *   <li>{@code communicable.webhook.allow-http}: {@code true} to accept plain http URLs
 *   <li>{@code communicable.webhook.connect-timeout}, {@code .request-timeout}: seconds or ISO-8601
 *   <li>{@code communicable.webhook.max-body-bytes}, {@code .follow-redirects} (hops)
 * </ul>
 */
public final class WebhookAdapterProvider implements ChannelAdapterProvider {

  @Override
  public Optional<ChannelAdapter> create(Function<String, String> lookup) {
    Settings settings = Settings.of("communicable.webhook.", lookup);
    var secrets = settings.list("secret");
    if (secrets.isEmpty()) {
      return Optional.empty();
    }
    WebhookConfig.Builder config = WebhookConfig.builder();
    for (String secret : secrets) {
      try {
        config.secret(secret);
      } catch (InvalidRequestException e) {
        throw new InvalidRequestException(settings.name("secret"), e.problem());
      }
    }
    config.egress(egress(settings));
    config.http(settings.http(WebhookConfig.DEFAULT_HTTP));
    settings.integer("max-body-bytes").ifPresent(config::maxBodyBytes);
    settings.integer("follow-redirects").ifPresent(config::followRedirects);
    return Optional.of(WebhookAdapters.webhook(settings.build(config::build)));
  }

  /** Egress rules from {@code allow} and {@code allow-http}, for webhooks and chat alike. */
  static EgressRules egress(Settings settings) {
    EgressRules.Builder egress = EgressRules.builder().allow(settings.list("allow"));
    settings.bool("allow-http").ifPresent(egress::allowPlainHttp);
    return egress.build();
  }
}
