package dev.communicable.channel.email.internal;

import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelAdapterProvider;
import dev.communicable.channel.email.MailgunConfig;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the Mailgun adapter from {@code communicable.mailgun.*} settings; see {@code
 * EmailAdapters}.
 */
public final class MailgunAdapterProvider implements ChannelAdapterProvider {
  @Override
  public Optional<ChannelAdapter> create(Function<String, String> lookup) {
    Settings s = new Settings("mailgun", lookup);
    if (s.get("api-key") == null) {
      return Optional.empty();
    }
    MailgunConfig.Builder b =
        MailgunConfig.builder()
            .apiKey(s.get("api-key"))
            .domain(s.required("domain"))
            .from(s.required("from"));
    s.ifPresent("from-name", b::fromName);
    s.ifPresent("base-url", b::baseUrl);
    s.duration("connect-timeout", b::connectTimeout);
    s.duration("request-timeout", b::requestTimeout);
    return Optional.of(new MailgunEmailAdapter(s.build(b::build)));
  }
}
