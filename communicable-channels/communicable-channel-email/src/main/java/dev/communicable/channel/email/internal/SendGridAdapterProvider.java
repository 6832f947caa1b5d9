package dev.communicable.channel.email.internal;

import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelAdapterProvider;
import dev.communicable.channel.email.SendGridConfig;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.channel.support.Settings;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the SendGrid adapter from {@code communicable.sendgrid.*} settings; see {@code
 * EmailAdapters}.
 */
public final class SendGridAdapterProvider implements ChannelAdapterProvider {
  @Override
  public Optional<ChannelAdapter> create(Function<String, String> lookup) {
    Settings s = Settings.of("communicable.sendgrid.", lookup);
    Optional<String> apiKey = s.text("api-key");
    if (apiKey.isEmpty()) {
      return Optional.empty();
    }
    SendGridConfig.Builder b =
        SendGridConfig.builder().apiKey(apiKey.get()).from(s.required("from"));
    s.text("from-name").ifPresent(b::fromName);
    b.http(s.http(HttpSettings.defaults()));
    return Optional.of(new SendGridEmailAdapter(s.build(b::build)));
  }
}
