package dev.communicable.channel;

import java.util.Optional;
import java.util.regex.Pattern;
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

  private static final Pattern LOCAL_PART =
      Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
  private static final Pattern DOMAIN_LABEL =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

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

  /** {@code local@domain.tld}: dot-atom local part, at most 64 characters; a dotted host name. */
  private static boolean isAddress(String address) {
    if (address.length() > 254) {
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
