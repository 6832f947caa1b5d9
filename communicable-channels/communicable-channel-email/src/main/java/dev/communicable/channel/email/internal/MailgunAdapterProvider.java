package dev.communicable.channel.email.internal;

import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelAdapterProvider;
import dev.communicable.channel.email.MailgunConfig;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.channel.support.Settings;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the Mailgun adapter from {@code communicable.mailgun.*} settings; see {@code
 * EmailAdapters}.
 */
public final class MailgunAdapterProvider implements ChannelAdapterProvider {
  @Override
  public Optional<ChannelAdapter> create(Function<String, String> lookup) {
    Settings s = Settings.of("communicable.mailgun.", lookup);
    Optional<String> apiKey = s.text("api-key");
    if (apiKey.isEmpty()) {
      return Optional.empty();
    }
    MailgunConfig.Builder b =
        MailgunConfig.builder()
            .apiKey(apiKey.get())
            .domain(s.required("domain"))
            .from(s.required("from"));
    s.text("from-name").ifPresent(b::fromName);
    b.http(s.http(HttpSettings.defaults()));
    return Optional.of(new MailgunEmailAdapter(s.build(b::build)));
  }
}
