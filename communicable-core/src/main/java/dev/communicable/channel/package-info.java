/**
 * Channels: the {@link dev.communicable.channel.ChannelAdapter} plugin SPI, channel types and send
 * results.
 */
@NullMarked
package dev.communicable.channel;

import org.jspecify.annotations.NullMarked;
