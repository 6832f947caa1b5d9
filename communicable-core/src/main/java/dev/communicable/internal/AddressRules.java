package dev.communicable.internal;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelType;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Shape checks on addresses that every provider of a channel shares: basic email syntax and E.164
 * phone numbers. Provider-specific rules come on top, from {@code ChannelAdapter.validateAddress}.
 */
final class AddressRules {
  private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");
  private static final Pattern LOCAL_PART =
      Pattern.compile("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
  private static final Pattern DOMAIN_LABEL =
      Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");

  private AddressRules() {}

  /**
   * Checks {@code address} for {@code channel} where a shared rule exists (email, SMS).
   *
   * @throws InvalidRequestException naming {@code field}
   */
  static void check(String field, ChannelType channel, String address) {
    if (ChannelType.EMAIL.equals(channel) && !isEmail(address)) {
      throw new InvalidRequestException(
          field, "not a valid email address, was " + Arguments.echo(address));
    }
    if (ChannelType.SMS.equals(channel) && !isE164(address)) {
      throw new InvalidRequestException(
          field,
          "not an E.164 phone number (such as +14155550123), was " + Arguments.echo(address));
    }
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

  /** A plus sign, a non-zero digit, and at most 15 digits in all. */
  static boolean isE164(@Nullable String address) {
    return address != null && E164.matcher(address).matches();
  }
}
