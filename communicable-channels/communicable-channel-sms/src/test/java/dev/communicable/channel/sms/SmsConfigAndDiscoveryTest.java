package dev.communicable.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelAdapters;
import dev.communicable.channel.ChannelType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SMS configs and discovery")
class SmsConfigAndDiscoveryTest {
  private static final String SID = "AC0123456789abcdef0123456789abcdef";

  @Test
  void to_string_never_shows_a_secret() {
    String twilio =
        TwilioConfig.builder()
            .accountSid(SID)
            .authToken("f2a6b1c9d8e7f6a5b4c3d2e1")
            .from("+14155552671")
            .build()
            .toString();
    String vonage =
        VonageConfig.builder()
            .apiKey("abcd1234")
            .apiSecret("Sup3rS3cretValue")
            .from("AcmeShop")
            .build()
            .toString();

    assertThat(twilio).doesNotContain("f2a6b1c9d8e7f6a5b4c3d2e1").contains("f2a6****");
    assertThat(vonage).doesNotContain("Sup3rS3cretValue").contains("abcd1234");
  }

  @Test
  void builders_name_the_wrong_field() {
    assertThatThrownBy(
            () ->
                TwilioConfig.builder()
                    .accountSid("AC1")
                    .authToken("t")
                    .from("+14155552671")
                    .build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("accountSid: ");
    assertThatThrownBy(() -> TwilioConfig.builder().accountSid(SID).authToken("t").build())
        .hasMessage("from: set either from or messagingServiceSid");
    assertThatThrownBy(
            () ->
                TwilioConfig.builder()
                    .accountSid(SID)
                    .authToken("t")
                    .from("+14155552671")
                    .maxSegments(11)
                    .build())
        .hasMessage("maxSegments: must be between 1 and 10, was 11");
    assertThatThrownBy(
            () ->
                TwilioConfig.builder()
                    .accountSid(SID)
                    .authToken("t")
                    .from("+14155552671")
                    .statusCallback("ftp://x")
                    .build())
        .hasMessageStartingWith("statusCallback: ");
    assertThatThrownBy(
            () ->
                VonageConfig.builder()
                    .apiKey("k")
                    .apiSecret("s")
                    .from("Far Too Long Sender")
                    .build())
        .hasMessageStartingWith("from: must be an E.164 number, a short code or an alphanumeric");
  }

  @Test
  void discovery_builds_each_configured_provider() {
    Map<String, String> settings =
        Map.of(
            "communicable.twilio.account-sid", SID,
            "communicable.twilio.auth-token", "token",
            "communicable.twilio.from", "+14155552671",
            "communicable.vonage.api-key", "k",
            "communicable.vonage.api-secret", "s",
            "communicable.vonage.from", "AcmeShop",
            "communicable.vonage.max-segments", "3");

    List<ChannelAdapter> adapters =
        ChannelAdapters.discover(getClass().getClassLoader(), settings::get);
    try {
      assertThat(adapters).extracting(ChannelAdapter::provider).contains("twilio", "vonage");
      assertThat(adapters).extracting(ChannelAdapter::channel).containsOnly(ChannelType.SMS);
    } finally {
      adapters.forEach(ChannelAdapter::close);
    }
    assertThat(ChannelAdapters.discover(getClass().getClassLoader(), k -> null)).isEmpty();
  }

  @Test
  void discovery_names_the_setting_that_is_missing_or_wrong() {
    assertThatThrownBy(
            () ->
                ChannelAdapters.discover(
                    getClass().getClassLoader(),
                    Map.of("communicable.twilio.account-sid", SID)::get))
        .hasMessage("communicable.twilio.auth-token: is required");
    assertThatThrownBy(
            () ->
                ChannelAdapters.discover(
                    getClass().getClassLoader(),
                    Map.of(
                            "communicable.vonage.api-key", "k",
                            "communicable.vonage.api-secret", "s",
                            "communicable.vonage.from", "AcmeShop",
                            "communicable.vonage.max-segments", "0")
                        ::get))
        .hasMessage("communicable.vonage.max-segments: must be between 1 and 10, was 0");
  }

  @Test
  void validate_address_refuses_what_is_not_a_valid_number() {
    ChannelAdapter twilio =
        SmsAdapters.twilio(
            TwilioConfig.builder().accountSid(SID).authToken("t").from("+14155552671").build());
    try {
      twilio.validateAddress("+14155552671");
      assertThatThrownBy(() -> twilio.validateAddress("+1 555 0000"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("address: is not a valid number");
    } finally {
      twilio.close();
    }
  }
}
