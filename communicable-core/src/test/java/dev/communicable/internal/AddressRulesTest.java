package dev.communicable.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
  @ValueSource(
      strings = {
        "Ada Lovelace <ada@example.com>",
        "\"Lovelace, Ada\" <ada@example.com>",
        "Zoë Ångström <zoe@example.com>",
        "Ada B. Lovelace <ada@example.com>",
        "\"Ada \\\"The Countess\\\" L.\" <ada@example.com>",
        "O'Neil   Smith<o'neil@ex.org>",
        "<ada@example.com>"
      })
  void acceptsMailboxesWithADisplayNameAsWritten(String mailbox) {
    assertThat(AddressRules.normalized("recipients[0].email", ChannelType.EMAIL, mailbox))
        .isEqualTo(mailbox);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "Lovelace, Ada <ada@example.com>",
        "Ada <ada@example.com> x",
        "Ada <ada@example.com>, Bob <bob@example.com>",
        "Ada <bob@>",
        "Ada <<ada@example.com>>",
        "\"Ada <ada@example.com>",
        "\"Ada\\\" <ada@example.com>",
        "Ada\r\nBcc: eve@example.com <ada@example.com>",
        "Ada (the Countess) <ada@example.com>",
        "Ada@home <ada@example.com>",
        "Ada ada@example.com>",
        "Ada <ada@example.com"
      })
  void refusesWhatIsNotOneMailbox(String value) {
    assertThatThrownBy(
            () -> AddressRules.normalized("recipients[0].email", ChannelType.EMAIL, value))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("recipients[0].email: not a valid ");
  }

  @Test
  void names_the_mailbox_form_when_a_mailbox_is_refused() {
    assertThatThrownBy(
            () ->
                AddressRules.normalized(
                    "recipients[0].email", ChannelType.EMAIL, "Lovelace, Ada <ada@example.com>"))
        .hasMessage(
            "recipients[0].email: not a valid mailbox (a display name, quoted if it holds"
                + " specials such as ',', then <local@domain>: \"Lovelace, Ada\""
                + " <ada@example.com>), was 'Lovelace, Ada <ada@example.com>'");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"+14155550101", "+442071838750", "+33612345678", "+123456789012345", "+6834002"})
  void accepts_e164_numbers(String number) {
    assertThat(AddressRules.isE164(number)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "14155550101",
        "+0123456",
        "+683400",
        "+1 415 555 0101",
        "+1234567890123456",
        "+1",
        "555-1234"
      })
  void refusesWhatIsNotE164(String number) {
    assertThat(AddressRules.isE164(number)).isFalse();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "+44 7400 123456|+447400123456",
        "+1 (555) 010-0100|+15550100100",
        "+49 30.1234.5678|+493012345678",
        "+14155550101|+14155550101",
        "' +1 415 555 0101 '|+14155550101"
      })
  void phoneNumbersAreNormalisedToE164(String written, String e164) {
    assertThat(AddressRules.normalized("recipients[0].sms", ChannelType.SMS, written))
        .isEqualTo(e164);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "14155550101",
        "(415) 555-0101",
        "+1 555 01",
        "+1234567890123456",
        "+0 7400 123456",
        "+44 7400 12345x",
        "+44_7400_123456",
        "++447400123456"
      })
  void numbersThatAreNotThenE164AreRefused(String written) {
    assertThatThrownBy(() -> AddressRules.normalized("recipients[0].sms", ChannelType.SMS, written))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("recipients[0].sms: not an E.164 phone number");
  }

  @Test
  void other_channels_are_not_rewritten() {
    assertThat(AddressRules.normalized("x", ChannelType.WEBHOOK, "https://a.example/(x)"))
        .isEqualTo("https://a.example/(x)");
  }

  @Test
  void names_the_field_and_the_value_when_refusing() {
    assertThatThrownBy(() -> AddressRules.normalized("recipients[0].sms", ChannelType.SMS, "555"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "recipients[0].sms: not an E.164 phone number ('+' and 7 to 15 digits, such as"
                + " +14155550123, once spaces, dashes, dots and parentheses are removed), was"
                + " '555'");
  }

  @Test
  void leaves_other_channels_to_their_adapters() {
    AddressRules.normalized("x", ChannelType.WEBHOOK, "anything");
    AddressRules.normalized("x", ChannelType.of("whatsapp"), "anything");
  }
}
