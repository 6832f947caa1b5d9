package dev.communicable.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("Address shape rules")
class AddressRulesTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "a@example.com",
        "first.last+tag@sub.example.co.uk",
        "x_y-z@a-b.io",
        "o'neil@ex.org"
      })
  void acceptsOrdinaryEmailAddresses(String address) {
    assertThat(AddressRules.isEmail(address)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "plain",
        "@example.com",
        "bob@",
        "bob@example",
        "bob@@example.com",
        "bob@.com",
        "bob@example..com",
        "a b@example.com",
        "bob@-example.com",
        ".bob@example.com",
        "bob.@example.com",
        "bob@example.123"
      })
  void refusesMalformedEmailAddresses(String address) {
    assertThat(AddressRules.isEmail(address)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(strings = {"+14155550101", "+442071838750", "+33612345678", "+123456789012345"})
  void acceptsE164Numbers(String number) {
    assertThat(AddressRules.isE164(number)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "14155550101",
        "+0123456",
        "+1 415 555 0101",
        "+1234567890123456",
        "+1",
        "555-1234"
      })
  void refusesWhatIsNotE164(String number) {
    assertThat(AddressRules.isE164(number)).isFalse();
  }

  @Test
  void namesTheFieldAndTheValueWhenRefusing() {
    assertThatThrownBy(() -> AddressRules.check("recipients[0].sms", ChannelType.SMS, "555"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "recipients[0].sms: not an E.164 phone number (such as +14155550123), was '555'");
  }

  @Test
  void leavesOtherChannelsToTheirAdapters() {
    AddressRules.check("x", ChannelType.WEBHOOK, "anything");
    AddressRules.check("x", ChannelType.of("whatsapp"), "anything");
  }
}
