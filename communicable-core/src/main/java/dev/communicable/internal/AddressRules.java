package dev.communicable.internal;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
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

  private static final Pattern LOCAL_PART =
      Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
  private static final Pattern DOMAIN_LABEL =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  /** The longest display name accepted. */
  static final int MAX_DISPLAY_NAME = 200;

  /** What an atom of a display name may hold besides letters and digits ('.' as obs-phrase). */
  private static final String ATOM_SPECIALS = "!#$%&'*+-/=?^_`{|}~.";

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

  /**
   * An RFC 5322 mailbox: a bare address ({@link #isEmail}), or a display name followed by the
   * address in angle brackets ({@code Ada Lovelace <ada@example.com>}). The display name is words
   * separated by spaces, each an atom (letters, digits, {@code !#$%&'*+-/=?^_`{|}~}, '.', and any
   * non-ASCII letter, RFC 6532) or a quoted string ({@code "Lovelace, Ada"}, with {@code \"} and
   * {@code \\} escapes); at most {@value #MAX_DISPLAY_NAME} characters, no control characters.
   * Comments ({@code (...)}) and groups are refused.
   */
  static boolean isMailbox(@Nullable String value) {
    if (value == null) {
      return false;
    }
    if (!value.endsWith(">")) {
      return isEmail(value);
    }
    int open = value.lastIndexOf('<');
    return open >= 0
        && isEmail(value.substring(open + 1, value.length() - 1))
        && isDisplayName(value.substring(0, open));
  }

  /** A phrase of atoms and quoted strings, or nothing at all (a bare angle address). */
  private static boolean isDisplayName(String phrase) {
    if (phrase.length() > MAX_DISPLAY_NAME + 2) {
      return false;
    }
    int i = 0;
    while (i < phrase.length()) {
      char c = phrase.charAt(i);
      if (c == ' ') {
        i++;
      } else if (c == '"') {
        i = quotedStringEnd(phrase, i);
        if (i < 0) {
          return false;
        }
      } else if (isAtomChar(c)) {
        i++;
      } else {
        return false;
      }
    }
    return true;
  }

  /** The index after the quoted string opening at {@code start}, or -1 when it is not one. */
  private static int quotedStringEnd(String phrase, int start) {
    for (int i = start + 1; i < phrase.length(); i++) {
      char c = phrase.charAt(i);
      if (Character.isISOControl(c)) {
        return -1;
      }
      if (c == '"') {
        return i + 1;
      }
      if (c == '\\') {
        i++;
        if (i >= phrase.length() || Character.isISOControl(phrase.charAt(i))) {
          return -1;
        }
      }
    }
    return -1;
  }

  private static boolean isAtomChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || ATOM_SPECIALS.indexOf(c) >= 0
        || (c >= 0x80 && !Character.isISOControl(c) && !Character.isWhitespace(c));
  }

  /** {@code local@domain.tld}: dot-atom local part, at most 64 characters; a dotted host name. */
  static boolean isEmail(@Nullable String address) {
    if (address == null || address.length() > 254) {
      return false;
    }
    int at = address.lastIndexOf('@');
    if (at <= 0 || at > 64 || at == address.length() - 1) {
      return false;
    }
    if (!LOCAL_PART.matcher(address.substring(0, at)).matches()) {
      return false;
    }
    String[] labels = address.substring(at + 1).split("\\.", -1);
    if (labels.length < 2) {
      return false;
    }
    for (String label : labels) {
      if (!DOMAIN_LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return !labels[labels.length - 1].chars().allMatch(Character::isDigit);
  }

  /** A plus sign, a non-zero digit, and 7 to 15 digits in all. */
  static boolean isE164(@Nullable String address) {
    return address != null && E164.matcher(address).matches();
  }
}
