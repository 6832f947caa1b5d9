/**
 * The push channel: one {@link dev.communicable.channel.ChannelAdapter} for {@link
 * dev.communicable.channel.ChannelType#PUSH} that sends to Firebase Cloud Messaging (HTTP v1),
 * Apple Push Notification service (token auth, through pushy) and Web Push (VAPID, aes128gcm),
 * chosen by the platform prefix of the device address ({@code fcm:}, {@code apns:}, {@code
 * webpush:}).
 *
 * <p>Build it with {@link dev.communicable.channel.push.PushAdapters#builder()} and the typed
 * configs {@link dev.communicable.channel.push.FcmConfig}, {@link
 * dev.communicable.channel.push.ApnsConfig} and {@link
 * dev.communicable.channel.push.WebPushConfig}, or let {@link
 * dev.communicable.channel.ChannelAdapters#discover()} build it from settings (the settings are
 * listed in {@code docs/channels/push.md}). Everything else in this package is package-private.
 */
@NullMarked
package dev.communicable.channel.push;

import org.jspecify.annotations.NullMarked;
