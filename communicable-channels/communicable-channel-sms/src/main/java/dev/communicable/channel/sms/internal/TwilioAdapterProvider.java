package dev.communicable.channel.sms.internal;

import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelAdapterProvider;
import dev.communicable.channel.sms.TwilioConfig;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the Twilio adapter from {@code communicable.twilio.*} settings; see {@code SmsAdapters}.
 */
public final class TwilioAdapterProvider implements ChannelAdapterProvider {
  @Override
  public Optional<ChannelAdapter> create(Function<String, String> lookup) {
    Settings s = new Settings("twilio", lookup);
    if (s.get("account-sid") == null) {
      return Optional.empty();
    }
    TwilioConfig.Builder b =
        TwilioConfig.builder().accountSid(s.get("account-sid")).authToken(s.required("auth-token"));
    s.ifPresent("from", b::from);
    s.ifPresent("messaging-service-sid", b::messagingServiceSid);
    s.ifPresent("status-callback", b::statusCallback);
    s.ifPresent("base-url", b::baseUrl);
    long max = s.number("max-segments", -1);
    if (max != -1) {
      b.maxSegments((int) Math.max(-1, Math.min(Integer.MAX_VALUE, max)));
    }
    s.duration("connect-timeout", b::connectTimeout);
    s.duration("request-timeout", b::requestTimeout);
    return Optional.of(new TwilioSmsAdapter(s.build(b::build)));
  }
}
