/**
 * The email channel: SMTP (through Angus Mail), SendGrid and Mailgun adapters. Build one with
 * {@link dev.communicable.channel.email.EmailAdapters} from a typed config ({@link
 * dev.communicable.channel.email.SmtpConfig}, {@link
 * dev.communicable.channel.email.SendGridConfig}, {@link
 * dev.communicable.channel.email.MailgunConfig}), or let {@link
 * dev.communicable.channel.ChannelAdapters#discover()} build them from settings.
 *
 * <p>Every adapter reads the same message options from {@link
 * dev.communicable.channel.OutboundMessage#metadata()}: {@code replyTo}, {@code unsubscribeUrl}
 * (adds {@code List-Unsubscribe} and the RFC 8058 {@code List-Unsubscribe-Post} one-click header),
 * {@code header.<Name>} (a custom header) and attachments written by {@link
 * dev.communicable.channel.email.EmailAttachment#metadata}.
 *
 * <p>What happens to a message after the provider took it comes back through the provider's event
 * webhook: {@link dev.communicable.channel.email.SendGridEventWebhook} and {@link
 * dev.communicable.channel.email.MailgunWebhooks} verify a request's signature and read it into
 * {@link dev.communicable.channel.email.EmailEvent}s, whose delivery event (delivered, bounced,
 * opened) goes to {@code Communication.trackByProviderId}.
 */
@NullMarked
package dev.communicable.channel.email;

import org.jspecify.annotations.NullMarked;
