package dev.communicable.internal;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.Mailbox;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Shape checks on addresses that every provider of a channel shares: email mailboxes (a bare
 * address, or a display name and the address in angle brackets) and E.164 phone numbers, and the
 * one rewrite made at acceptance: a phone number written as people write it ({@code +44 7400
 * 123456}) is stored in E.164 ({@code +447400123456}). Provider-specific rules come on top, from
 * {@code ChannelAdapter.validateAddress}.
 */
final class AddressRules {
  /**
   * '+', then 7 to 15 digits, the first not 0: the shortest international numbers in use have seven
   * digits with their country code (Niue, Tokelau), the longest E.164 allows has fifteen.
   */
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

  /** What people put between the digits of a number: spaces, dashes, dots, parentheses. */
  private static final Pattern PHONE_SEPARATORS = Pattern.compile("[ \\u00A0().-]");

  private AddressRules() {}

  /**
   * {@code address} as it is stored and given to adapters, checked where a shared rule exists: an
   * SMS number starting with '+' loses its spaces, dashes, dots and parentheses and must then be
   * E.164; other addresses are returned unchanged.
   *
   * @throws InvalidRequestException naming {@code field}
   */
  static String normalized(String field, ChannelType channel, String address) {
    if (ChannelType.EMAIL.equals(channel) && !isMailbox(address)) {
      throw new InvalidRequestException(
          field,
          address.indexOf('<') >= 0
              ? "not a valid mailbox (a display name, quoted if it holds specials such as ',',"
                  + " then <local@domain>: \"Lovelace, Ada\" <ada@example.com>), was "
                  + Arguments.echo(address)
              : "not a valid email address, was " + Arguments.echo(address));
    }
    if (ChannelType.SMS.equals(channel)) {
      String number = stored(channel, address);
      if (!isE164(number)) {
        throw new InvalidRequestException(
            field,
            "not an E.164 phone number ('+' and 7 to 15 digits, such as +14155550123, once spaces,"
                + " dashes, dots and parentheses are removed), was "
                + Arguments.echo(address));
      }
      return number;
    }
    return address;
  }

  /**
   * {@code address} rewritten as it is stored, without checking it: an SMS number starting with '+'
   * without its spaces, dashes, dots and parentheses; any other address unchanged.
   */
  static String stored(ChannelType channel, String address) {
    if (!ChannelType.SMS.equals(channel)) {
      return address;
    }
    String stripped = address.strip();
    return stripped.startsWith("+") ? PHONE_SEPARATORS.matcher(stripped).replaceAll("") : stripped;
  }

  /**
   * {@code recipient} with its contact points as {@link #stored(ChannelType, String)} writes them.
   */
  static Recipient stored(Recipient recipient) {
    Map<ChannelType, String> points = new LinkedHashMap<>();
    boolean changed = false;
    for (Map.Entry<ChannelType, String> point : recipient.contactPoints().entrySet()) {
      String address = stored(point.getKey(), point.getValue());
      changed |= !address.equals(point.getValue());
      points.put(point.getKey(), address);
    }
    if (!changed) {
      return recipient;
    }
    return new Recipient(
        recipient.id(), recipient.tenantId(), points, recipient.locale(), recipient.timeZone());
  }

  /** An RFC 5322 mailbox or a bare address, as {@link Mailbox#parse} reads it. */
  static boolean isMailbox(@Nullable String value) {
    return Mailbox.parse(value).isPresent();
  }

  /** A bare address {@code local@domain.tld}, as {@link Mailbox#parse} reads it. */
  static boolean isEmail(@Nullable String address) {
    return address != null && !address.endsWith(">") && Mailbox.parse(address).isPresent();
  }

  /** A plus sign, a non-zero digit, and 7 to 15 digits in all. */
  static boolean isE164(@Nullable String address) {
    return address != null && E164.matcher(address).matches();
  }
}
