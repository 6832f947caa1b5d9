package dev.communicable.channel.sms;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import dev.communicable.InvalidRequestException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** Validates phone numbers and writes them in E.164 ({@code +14155550123}) with libphonenumber. */
public final class PhoneNumbers {
  private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

  private PhoneNumbers() {}

  /**
   * The E.164 form of an international number ({@code "+44 20 7946 0958"} gives {@code
   * "+442079460958"}).
   *
   * @throws InvalidRequestException for {@code field} when the number is not a valid, assignable
   *     number
   */
  public static String toE164(String field, String number) {
    return toE164(field, number, null);
  }

  /**
   * The E.164 form of {@code number}, reading a number without a leading '+' as a national number
   * of {@code defaultRegion} (an ISO 3166 code such as {@code "FR"}); null region means the number
   * must be international.
   *
   * @throws InvalidRequestException for {@code field} when the number is not a valid number
   */
  public static String toE164(String field, String number, @Nullable String defaultRegion) {
    if (number == null || number.isBlank()) {
      throw new InvalidRequestException(field, "must be a phone number, was '" + number + "'");
    }
    if (number.length() > 64) {
      throw new InvalidRequestException(
          field, "is not a phone number (" + number.length() + " characters)");
    }
    String region = defaultRegion == null ? null : defaultRegion.toUpperCase(Locale.ROOT);
    PhoneNumber parsed;
    try {
      parsed = UTIL.parse(number, region);
    } catch (NumberParseException e) {
      throw new InvalidRequestException(
          field,
          (e.getErrorType() == NumberParseException.ErrorType.INVALID_COUNTRY_CODE
                  ? "needs an international prefix such as +33"
                  : "is not a phone number")
              + ", was '"
              + number
              + "'");
    }
    if (!UTIL.isValidNumber(parsed)) {
      throw new InvalidRequestException(
          field,
          "is not a valid number for "
              + (UTIL.getRegionCodeForNumber(parsed) == null
                  ? "country code +" + parsed.getCountryCode()
                  : UTIL.getRegionCodeForNumber(parsed))
              + ", was '"
              + number
              + "'");
    }
    return UTIL.format(parsed, PhoneNumberUtil.PhoneNumberFormat.E164);
  }
}
