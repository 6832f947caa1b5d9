package dev.communicable.channel.email;

import dev.communicable.Arguments;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.email.internal.MailgunEmailAdapter;
import dev.communicable.channel.email.internal.SendGridEmailAdapter;
import dev.communicable.channel.email.internal.SmtpEmailAdapter;

/**
 * Builds the email adapters. Each returned adapter is thread-safe and owns its connections; close
 * it when done.
 *
 * <p>Discovery builds the same adapters from settings ({@link
 * dev.communicable.channel.ChannelAdapters#discover()}):
 *
 * <ul>
 *   <li>SMTP, when {@code communicable.smtp.host} is set: {@code .port}, {@code .security} ({@code
 *       none}, {@code starttls}, {@code tls}), {@code .username}, {@code .password}, {@code .from}
 *       (required), {@code .from-name}, {@code .connect-timeout}, {@code .read-timeout}, {@code
 *       .max-message-bytes}, {@code .trusted-hosts} (comma-separated);
 *   <li>SendGrid, when {@code communicable.sendgrid.api-key} is set: {@code .from} (required),
 *       {@code .from-name}, {@code .base-url}, {@code .connect-timeout}, {@code .request-timeout};
 *   <li>Mailgun, when {@code communicable.mailgun.api-key} is set: {@code .domain} and {@code
 *       .from} (required), {@code .from-name}, {@code .base-url}, {@code .connect-timeout}, {@code
 *       .request-timeout}.
 * </ul>
 *
 * Timeouts are ISO-8601 durations ({@code PT10S}) or whole seconds ({@code 10}).
 */
public final class EmailAdapters {
  private EmailAdapters() {}

  /** An adapter sending through an SMTP server; provider name {@code "smtp"}. */
  public static ChannelAdapter smtp(SmtpConfig config) {
    return new SmtpEmailAdapter(Arguments.notNull("config", config));
  }

  /** An adapter sending through SendGrid's v3 Mail Send API; provider name {@code "sendgrid"}. */
  public static ChannelAdapter sendGrid(SendGridConfig config) {
    return new SendGridEmailAdapter(Arguments.notNull("config", config));
  }

  /** An adapter sending through Mailgun's Messages API; provider name {@code "mailgun"}. */
  public static ChannelAdapter mailgun(MailgunConfig config) {
    return new MailgunEmailAdapter(Arguments.notNull("config", config));
  }
}
