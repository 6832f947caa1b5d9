package dev.communicable.channel.sms.internal;

import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelAdapterProvider;
import dev.communicable.channel.sms.VonageConfig;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the Vonage adapter from {@code communicable.vonage.*} settings; see {@code SmsAdapters}.
 */
public final class VonageAdapterProvider implements ChannelAdapterProvider {
  @Override
  public Optional<ChannelAdapter> create(Function<String, String> lookup) {
    Settings s = new Settings("vonage", lookup);
    if (s.get("api-key") == null) {
      return Optional.empty();
    }
    VonageConfig.Builder b =
        VonageConfig.builder()
            .apiKey(s.get("api-key"))
            .apiSecret(s.required("api-secret"))
            .from(s.required("from"));
    s.ifPresent("callback", b::callback);
    s.ifPresent("base-url", b::baseUrl);
    long max = s.number("max-segments", -1);
    if (max != -1) {
      b.maxSegments((int) Math.max(-1, Math.min(Integer.MAX_VALUE, max)));
    }
    s.duration("connect-timeout", b::connectTimeout);
    s.duration("request-timeout", b::requestTimeout);
    return Optional.of(new VonageSmsAdapter(s.build(b::build)));
  }
}
