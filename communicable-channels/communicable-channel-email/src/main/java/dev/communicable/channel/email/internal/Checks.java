package dev.communicable.channel.email.internal;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.support.ConfigChecks;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import org.jspecify.annotations.Nullable;

/** Email-specific value checks of the configs and of message parsing. */
public final class Checks {
  private Checks() {}

  /** At most this many characters in an address (RFC 5321 path limit). */
  static final int MAX_ADDRESS_LENGTH = 254;

  /**
   * A bare email address such as {@code ada@example.com}: no display name, no control characters.
   *
   * @throws InvalidRequestException naming {@code field}
   */
  public static InternetAddress address(String field, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field, "must be an email address, was '" + value + "'");
    }
    if (ConfigChecks.hasControl(value)) {
      throw new InvalidRequestException(
          field,
          "must not contain CR, LF or other control characters, was '" + visible(value) + "'");
    }
    if (value.length() > MAX_ADDRESS_LENGTH) {
      throw new InvalidRequestException(
          field, "must be at most " + MAX_ADDRESS_LENGTH + " characters, was " + value.length());
    }
    InternetAddress parsed;
    try {
      parsed = new InternetAddress(value, true);
    } catch (AddressException e) {
      throw new InvalidRequestException(
          field, "not a valid email address (" + e.getMessage() + "), was '" + value + "'");
    }
    String bare = parsed.getAddress();
    int at = bare.lastIndexOf('@');
    if (parsed.getPersonal() != null
        || !bare.equals(value.trim())
        || at <= 0
        || at == bare.length() - 1
        || bare.chars().anyMatch(Character::isWhitespace)) {
      throw new InvalidRequestException(
          field, "not a valid email address (expected local@domain), was '" + value + "'");
    }
    return parsed;
  }

  /**
   * A recipient: a bare address, or an RFC 5322 mailbox with a display name ({@code Ada Lovelace
   * <ada@example.com>}, {@code "Lovelace, Ada" <ada@example.com>}), as core accepts it for an email
   * contact point. The display name, its quoted strings unquoted, becomes the address's personal
   * name, which Jakarta Mail encodes (RFC 2047, UTF-8) where it is not ASCII.
   *
   * @throws InvalidRequestException naming {@code field}
   */
  public static InternetAddress recipient(String field, @Nullable String value) {
    if (value == null || !value.endsWith(">")) {
      return address(field, value);
    }
    int open = value.lastIndexOf('<');
    @Nullable String name = open < 0 ? null : mailboxName(value.substring(0, open));
    if (name == null || ConfigChecks.hasControl(value)) {
      throw new InvalidRequestException(
          field,
          "not a valid mailbox (a display name, quoted if it holds specials such as ',', then"
              + " <local@domain>), was '"
              + visible(value)
              + "'");
    }
    InternetAddress bare = address(field, value.substring(open + 1, value.length() - 1));
    if (name.isEmpty()) {
      return bare;
    }
    try {
      return new InternetAddress(
          bare.getAddress(), displayName(field + " display name", name), "UTF-8");
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException("UTF-8 is required of every Java platform", e);
    }
  }

  /**
   * The display name of a mailbox: atoms and quoted strings separated by spaces, the quoted ones
   * unquoted; null when {@code phrase} is not one (an unquoted ',' or '@', a comment, an open
   * quote).
   */
  private static @Nullable String mailboxName(String phrase) {
    StringBuilder name = new StringBuilder();
    boolean space = false;
    int i = 0;
    while (i < phrase.length()) {
      char c = phrase.charAt(i);
      if (c == ' ') {
        space = name.length() > 0;
        i++;
        continue;
      }
      if (space) {
        name.append(' ');
        space = false;
      }
      if (c == '"') {
        i = unquote(phrase, i, name);
        if (i < 0) {
          return null;
        }
      } else if (isAtomChar(c)) {
        name.append(c);
        i++;
      } else {
        return null;
      }
    }
    return name.toString();
  }

  /** Appends the quoted string opening at {@code start}; the index after it, or -1. */
  private static int unquote(String phrase, int start, StringBuilder name) {
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
        c = phrase.charAt(i);
      }
      name.append(c);
    }
    return -1;
  }

  /** A character of an atom: RFC 5322 atext, '.' (obs-phrase) and non-ASCII (RFC 6532). */
  private static boolean isAtomChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0
        || (c >= 0x80 && !Character.isISOControl(c) && !Character.isWhitespace(c));
  }

  /** A display name for a From header: no control characters, at most 200 characters. */
  public static @Nullable String displayName(String field, @Nullable String value) {
    if (value == null) {
      return null;
    }
    if (ConfigChecks.hasControl(value) || value.length() > 200) {
      throw new InvalidRequestException(
          field,
          "must be at most 200 characters without control characters, was '"
              + visible(value)
              + "'");
    }
    return value;
  }

  /** {@code s} with CR and LF shown as escapes, for error messages. */
  public static @Nullable String visible(@Nullable String s) {
    return s == null ? null : s.replace("\r", "\\r").replace("\n", "\\n");
  }
}
