package dev.communicable.channel.sms.internal;

import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelAdapterProvider;
import dev.communicable.channel.sms.TwilioConfig;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.channel.support.Settings;
import java.util.Optional;
import java.util.function.Function;

/**
 * Builds the Twilio adapter from {@code communicable.twilio.*} settings; see {@code SmsAdapters}.
 */
public final class TwilioAdapterProvider implements ChannelAdapterProvider {
  @Override
  public Optional<ChannelAdapter> create(Function<String, String> lookup) {
    Settings s = Settings.of("communicable.twilio.", lookup);
    Optional<String> accountSid = s.text("account-sid");
    if (accountSid.isEmpty()) {
      return Optional.empty();
    }
    TwilioConfig.Builder b =
        TwilioConfig.builder().accountSid(accountSid.get()).authToken(s.required("auth-token"));
    s.text("from").ifPresent(b::from);
    s.text("messaging-service-sid").ifPresent(b::messagingServiceSid);
    s.text("status-callback").ifPresent(b::statusCallback);
    s.integer("max-segments").ifPresent(b::maxSegments);
    b.http(s.http(HttpSettings.defaults()));
    return Optional.of(new TwilioSmsAdapter(s.build(b::build)));
  }
}
