package dev.communicable.channel;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An email contact point as the library accepts it: a bare address ({@code ada@example.com}) or an
 * RFC 5322 mailbox, a display name followed by the address in angle brackets ({@code Ada Lovelace
 * <ada@example.com>}, {@code "Lovelace, Ada" <ada@example.com>}). Core checks contact points with
 * it when a notification is accepted; email adapters read the display name with it.
 *
 * @param displayName the display name, its quoted strings unquoted and its spaces folded, or null
 *     for a bare address
 * @param address the address: a dot-atom local part of at most 64 characters, '@', a dotted host
 *     name; at most 254 characters
 */
public record Mailbox(@Nullable String displayName, String address) {

  /** The longest display name accepted, in characters as written. */
  public static final int MAX_DISPLAY_NAME = 200;

  /** What an atom of an address's local part may hold besides ASCII letters and digits. */
  private static final String ATEXT = "!#$%&'*+/=?^_`{|}~-";

  /** What an atom of a display name may hold besides letters and digits ('.' as obs-phrase). */
  private static final String ATOM_SPECIALS = "!#$%&'*+-/=?^_`{|}~.";

  /**
   * {@code value} read as a bare address or a mailbox, or empty when it is neither. The display
   * name is words separated by spaces, each an atom (letters, digits, {@code !#$%&'*+-/=?^_`{|}~},
   * '.', and any non-ASCII letter, RFC 6532) or a quoted string (with {@code \"} and {@code \\}
   * escapes); at most {@value #MAX_DISPLAY_NAME} characters, no control characters. Comments
   * ({@code (...)}), groups and lists are refused.
   */
  public static Optional<Mailbox> parse(@Nullable String value) {
    if (value == null) {
      return Optional.empty();
    }
    if (!value.endsWith(">")) {
      return isAddress(value) ? Optional.of(new Mailbox(null, value)) : Optional.empty();
    }
    int open = value.lastIndexOf('<');
    if (open < 0) {
      return Optional.empty();
    }
    String address = value.substring(open + 1, value.length() - 1);
    String phrase = value.substring(0, open);
    if (!isAddress(address) || phrase.length() > MAX_DISPLAY_NAME + 2) {
      return Optional.empty();
    }
    String name = displayName(phrase);
    if (name == null) {
      return Optional.empty();
    }
    return Optional.of(new Mailbox(name.isEmpty() ? null : name, address));
  }

  /**
   * {@code local@domain.tld}: dot-atom local part, at most 64 characters; a dotted host name. Read
   * character by character (it runs for every address of every recipient a notification names).
   */
  private static boolean isAddress(String address) {
    if (address.length() > 254) {
      return false;
    }
    int at = address.lastIndexOf('@');
    if (at <= 0 || at > 64 || at == address.length() - 1) {
      return false;
    }
    return isDotAtom(address, 0, at) && isHostName(address, at + 1, address.length());
  }

  /**
   * {@code s[from, to)} is atoms of {@link #ATEXT} (ASCII letters, digits and {@code
   * !#$%&'*+/=?^_`{|}~-}) separated by single dots.
   */
  private static boolean isDotAtom(String s, int from, int to) {
    boolean atomStart = true;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        if (atomStart) {
          return false;
        }
        atomStart = true;
      } else if (isAsciiAlphanumeric(c) || ATEXT.indexOf(c) >= 0) {
        atomStart = false;
      } else {
        return false;
      }
    }
    return !atomStart;
  }

  /**
   * {@code s[from, to)} is two or more labels separated by dots, each 1 to 63 ASCII letters, digits
   * and '-', starting and ending with a letter or digit, the last not all digits.
   */
  private static boolean isHostName(String s, int from, int to) {
    int labels = 0;
    int start = from;
    boolean lastAllDigits = false;
    for (int i = from; i <= to; i++) {
      if (i == to || s.charAt(i) == '.') {
        if (!isLabel(s, start, i)) {
          return false;
        }
        labels++;
        lastAllDigits = true;
        for (int k = start; k < i; k++) {
          char c = s.charAt(k);
          if (c < '0' || c > '9') {
            lastAllDigits = false;
            break;
          }
        }
        start = i + 1;
      }
    }
    return labels >= 2 && !lastAllDigits;
  }

  private static boolean isLabel(String s, int from, int to) {
    int length = to - from;
    if (length < 1 || length > 63) {
      return false;
    }
    if (!isAsciiAlphanumeric(s.charAt(from)) || !isAsciiAlphanumeric(s.charAt(to - 1))) {
      return false;
    }
    for (int i = from + 1; i < to - 1; i++) {
      char c = s.charAt(i);
      if (!isAsciiAlphanumeric(c) && c != '-') {
        return false;
      }
    }
    return true;
  }

  private static boolean isAsciiAlphanumeric(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /**
   * The display name {@code phrase} spells: atoms and quoted strings separated by spaces, the
   * quoted ones unquoted; null when {@code phrase} is not one (an unquoted ',' or '@', a comment,
   * an open quote).
   */
  private static @Nullable String displayName(String phrase) {
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

  private static boolean isAtomChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || ATOM_SPECIALS.indexOf(c) >= 0
        || (c >= 0x80 && !Character.isISOControl(c) && !Character.isWhitespace(c));
  }
}
