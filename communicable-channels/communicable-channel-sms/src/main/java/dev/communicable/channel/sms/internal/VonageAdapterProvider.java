package dev.communicable.channel.sms.internal;

import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelAdapterProvider;
import dev.communicable.channel.sms.VonageConfig;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.channel.support.Settings;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the Vonage adapter from {@code communicable.vonage.*} settings; see {@code SmsAdapters}.
 */
public final class VonageAdapterProvider implements ChannelAdapterProvider {
  @Override
  public Optional<ChannelAdapter> create(Function<String, String> lookup) {
    Settings s = Settings.of("communicable.vonage.", lookup);
    Optional<String> apiKey = s.text("api-key");
    if (apiKey.isEmpty()) {
      return Optional.empty();
    }
    VonageConfig.Builder b =
        VonageConfig.builder()
            .apiKey(apiKey.get())
            .apiSecret(s.required("api-secret"))
            .from(s.required("from"));
    s.text("callback").ifPresent(b::callback);
    s.integer("max-segments").ifPresent(b::maxSegments);
    b.http(s.http(HttpSettings.defaults()));
    return Optional.of(new VonageSmsAdapter(s.build(b::build)));
  }
}
