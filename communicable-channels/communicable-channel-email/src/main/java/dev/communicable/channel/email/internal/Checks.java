package dev.communicable.channel.email.internal;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.Mailbox;
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
    Mailbox mailbox = ConfigChecks.hasControl(value) ? null : Mailbox.parse(value).orElse(null);
    if (mailbox == null) {
      throw new InvalidRequestException(
          field,
          "not a valid mailbox (a display name, quoted if it holds specials such as ',', then"
              + " <local@domain>), was '"
              + visible(value)
              + "'");
    }
    InternetAddress bare = address(field, mailbox.address());
    String name = mailbox.displayName();
    if (name == null) {
      return bare;
    }
    try {
      return new InternetAddress(
          bare.getAddress(), displayName(field + " display name", name), "UTF-8");
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException("UTF-8 is required of every Java platform", e);
    }
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
