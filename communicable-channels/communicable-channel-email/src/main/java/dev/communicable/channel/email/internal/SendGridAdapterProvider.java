package dev.communicable.channel.email.internal;

import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelAdapterProvider;
import dev.communicable.channel.email.SendGridConfig;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the SendGrid adapter from {@code communicable.sendgrid.*} settings; see {@code
 * EmailAdapters}.
 */
public final class SendGridAdapterProvider implements ChannelAdapterProvider {
  @Override
  public Optional<ChannelAdapter> create(Function<String, String> lookup) {
    Settings s = new Settings("sendgrid", lookup);
    if (s.get("api-key") == null) {
      return Optional.empty();
    }
    SendGridConfig.Builder b =
        SendGridConfig.builder().apiKey(s.get("api-key")).from(s.required("from"));
    s.ifPresent("from-name", b::fromName);
    s.ifPresent("base-url", b::baseUrl);
    s.duration("connect-timeout", b::connectTimeout);
    s.duration("request-timeout", b::requestTimeout);
    return Optional.of(new SendGridEmailAdapter(s.build(b::build)));
  }
}
