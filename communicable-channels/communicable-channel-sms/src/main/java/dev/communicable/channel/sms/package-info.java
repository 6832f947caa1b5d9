/**
 * The SMS channel: Twilio (Messages API) and Vonage (SMS API) adapters, E.164 normalization with
 * libphonenumber, GSM-7 / UCS-2 detection and segment counting, and verifying parsers for the
 * providers' delivery-status callbacks (Twilio's signature, Vonage's signed receipts). Build
 * adapters with {@link dev.communicable.channel.sms.SmsAdapters} or let {@link
 * dev.communicable.channel.ChannelAdapters#discover()} build them from settings.
 */
@NullMarked
package dev.communicable.channel.sms;

import org.jspecify.annotations.NullMarked;
