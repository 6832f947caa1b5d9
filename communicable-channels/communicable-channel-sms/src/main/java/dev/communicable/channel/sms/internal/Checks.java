package dev.communicable.channel.sms.internal;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.sms.PhoneNumbers;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** SMS-specific value checks of the configs: senders. */
public final class Checks {
  private static final Pattern ALPHANUMERIC_SENDER =
      Pattern.compile("(?=.*[A-Za-z])[A-Za-z0-9 ]{1,11}");
  private static final Pattern SHORT_CODE = Pattern.compile("[0-9]{3,8}");

  private Checks() {}

  /**
   * A sender: an E.164 number (normalized), a short code of 3 to 8 digits, or an alphanumeric
   * sender id of 1 to 11 letters, digits and spaces with at least one letter.
   */
  public static String sender(String field, @Nullable String value) {
    if (value != null && value.startsWith("+")) {
      return PhoneNumbers.toE164(field, value);
    }
    if (value == null
        || !(ALPHANUMERIC_SENDER.matcher(value).matches() || SHORT_CODE.matcher(value).matches())) {
      throw new InvalidRequestException(
          field,
          "must be an E.164 number, a short code or an alphanumeric sender id of at most 11"
              + " characters, was '"
              + value
              + "'");
    }
    return value;
  }
}
