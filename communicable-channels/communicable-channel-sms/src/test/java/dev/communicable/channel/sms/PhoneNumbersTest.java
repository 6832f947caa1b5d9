package dev.communicable.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("E.164 normalization with libphonenumber")
class PhoneNumbersTest {

  @Test
  void international_numbers_in_any_layout_become_e164() {
    assertThat(PhoneNumbers.toE164("to", "+44 20 7946 0958")).isEqualTo("+442079460958");
    assertThat(PhoneNumbers.toE164("to", "+1 (415) 555-2671")).isEqualTo("+14155552671");
    assertThat(PhoneNumbers.toE164("to", "+33612345678")).isEqualTo("+33612345678");
  }

  @Test
  void national_numbers_are_read_in_the_default_region() {
    assertThat(PhoneNumbers.toE164("to", "06 12 34 56 78", "FR")).isEqualTo("+33612345678");
    assertThat(PhoneNumbers.toE164("to", "020 7946 0958", "gb")).isEqualTo("+442079460958");
  }

  @Test
  void invalid_numbers_get_a_clear_error_naming_the_field() {
    assertThatThrownBy(() -> PhoneNumbers.toE164("address", "0612345678"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("address: needs an international prefix such as +33, was '0612345678'");
    assertThatThrownBy(() -> PhoneNumbers.toE164("address", "+1 555"))
        .hasMessageStartingWith("address: is not a valid number for")
        .hasMessageEndingWith("was '+1 555'");
    assertThatThrownBy(() -> PhoneNumbers.toE164("address", "call me"))
        .hasMessageStartingWith("address: ");
    assertThatThrownBy(() -> PhoneNumbers.toE164("address", ""))
        .hasMessage("address: must be a phone number, was ''");
  }
}
