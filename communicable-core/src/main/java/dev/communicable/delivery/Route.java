package dev.communicable.delivery;

import dev.communicable.Arguments;
import dev.communicable.channel.ChannelType;
import java.time.ZoneId;
import java.util.Locale;

/**
 * Where and how a delivery goes: to whom, on which channel, at which address, rendered in which
 * locale, and in which time zone its quiet hours are read.
 *
 * @param recipientId the host's id of the recipient
 * @param channel the channel
 * @param address where to send on that channel: an email address, an E.164 number, a URL, a device
 *     address; for in-app, the recipient id
 * @param locale the recipient's locale, for rendering
 * @param timeZone the recipient's zone, for quiet hours
 */
public record Route(
    String recipientId, ChannelType channel, String address, Locale locale, ZoneId timeZone) {

  /**
   * @throws dev.communicable.InvalidRequestException naming the first part that is null
   */
  public Route {
    Arguments.notNull("recipientId", recipientId);
    Arguments.notNull("channel", channel);
    Arguments.notNull("address", address);
    Arguments.notNull("locale", locale);
    Arguments.notNull("timeZone", timeZone);
  }

  /** The same recipient, locale and zone on {@code channel} at {@code address}: a fallback step. */
  public Route on(ChannelType channel, String address) {
    return new Route(recipientId, channel, address, locale, timeZone);
  }
}
