package dev.communicable.channel.sms;

import dev.communicable.Arguments;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.sms.internal.TwilioSmsAdapter;
import dev.communicable.channel.sms.internal.VonageSmsAdapter;

/**
 * Builds the SMS adapters. Each returned adapter is thread-safe and owns its HTTP client; close it
 * when done.
 *
 * <p>Discovery builds the same adapters from settings ({@link
 * dev.communicable.channel.ChannelAdapters#discover()}):
 *
 * <ul>
 *   <li>Twilio, when {@code communicable.twilio.account-sid} is set: {@code .auth-token}
 *       (required), {@code .from} or {@code .messaging-service-sid} (one required), {@code
 *       .status-callback}, {@code .base-url}, {@code .max-segments}, {@code .connect-timeout},
 *       {@code .request-timeout};
 *   <li>Vonage, when {@code communicable.vonage.api-key} is set: {@code .api-secret} and {@code
 *       .from} (required), {@code .callback}, {@code .base-url}, {@code .max-segments}, {@code
 *       .connect-timeout}, {@code .request-timeout}.
 * </ul>
 *
 * Timeouts are ISO-8601 durations ({@code PT10S}) or whole seconds ({@code 10}).
 */
public final class SmsAdapters {
  private SmsAdapters() {}

  /** An adapter sending through Twilio's Messages API; provider name {@code "twilio"}. */
  public static ChannelAdapter twilio(TwilioConfig config) {
    return new TwilioSmsAdapter(Arguments.notNull("config", config));
  }

  /** An adapter sending through Vonage's SMS API; provider name {@code "vonage"}. */
  public static ChannelAdapter vonage(VonageConfig config) {
    return new VonageSmsAdapter(Arguments.notNull("config", config));
  }
}
