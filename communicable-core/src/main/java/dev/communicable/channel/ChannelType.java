package dev.communicable.channel;

import dev.communicable.InvalidRequestException;
import java.util.regex.Pattern;

/**
 * A kind of channel. The built-in ones are constants here; a plugin adds its own with {@link
 * #of(String)} (for example {@code ChannelType.of("whatsapp")}). Two channel types are equal when
 * their names are.
 *
 * @param name lower-case letters, digits, '-' and '_', starting with a letter
 */
public record ChannelType(String name) {
  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

  public static final ChannelType EMAIL = new ChannelType("email");
  public static final ChannelType SMS = new ChannelType("sms");
  public static final ChannelType PUSH = new ChannelType("push");
  public static final ChannelType IN_APP = new ChannelType("in_app");
  public static final ChannelType WEBHOOK = new ChannelType("webhook");
  public static final ChannelType CHAT = new ChannelType("chat");

  public ChannelType {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new InvalidRequestException(
          "channel",
          "must be 1-32 lower-case letters, digits, '-' or '_' starting with a letter, was '"
              + name
              + "'");
    }
  }

  /** The channel type called {@code name}. */
  public static ChannelType of(String name) {
    return new ChannelType(name);
  }

  @Override
  public String toString() {
    return name;
  }
}
