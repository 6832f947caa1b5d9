/**
 * The SMS channel: Twilio (Messages API) and Vonage (SMS API) adapters, E.164 normalization with
 * libphonenumber, GSM-7 / UCS-2 detection and segment counting, and parsers for the providers'
 * delivery-status callbacks. Build adapters with {@link dev.communicable.channel.sms.SmsAdapters}
 * or let {@link dev.communicable.channel.ChannelAdapters#discover()} build them from settings.
 */
package dev.communicable.channel.sms;
