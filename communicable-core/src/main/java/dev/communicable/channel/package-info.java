/**
 * Channels: the {@link dev.communicable.channel.ChannelAdapter} plugin SPI, channel types and send
 * results.
 */
package dev.communicable.channel;
