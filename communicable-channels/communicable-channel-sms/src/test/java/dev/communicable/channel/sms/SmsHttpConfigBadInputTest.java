package dev.communicable.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.support.HttpSettings;
import java.net.URI;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Twilio and Vonage configs refuse bad input, naming the field")
class SmsHttpConfigBadInputTest {
  private static final String ACCOUNT_SID = "AC" + "0123456789abcdef".repeat(2);

  private static TwilioConfig.Builder twilio() {
    return TwilioConfig.builder().accountSid(ACCOUNT_SID).authToken("token").from("+14155552671");
  }

  private static VonageConfig.Builder vonage() {
    return VonageConfig.builder().apiKey("key").apiSecret("secret").from("+14155552671");
  }

  @Test
  @DisplayName("the provider's base URL and the shared default timeouts apply unless set")
  void defaults() {
    HttpSettings http = twilio().build().http();
    assertThat(http.baseUrl()).contains(URI.create(TwilioConfig.DEFAULT_BASE_URL));
    assertThat(http.requestTimeout()).isEqualTo(HttpSettings.DEFAULT_REQUEST_TIMEOUT);
    assertThat(vonage().build().http().baseUrl())
        .contains(URI.create(VonageConfig.DEFAULT_BASE_URL));
  }

  @Test
  @DisplayName("null or blank credentials and senders")
  void null_and_blank() {
    rejects(() -> twilio().accountSid(null).build(), "accountSid");
    rejects(() -> twilio().authToken(null).build(), "authToken");
    rejects(() -> twilio().authToken(" ").build(), "authToken");
    rejects(() -> twilio().from(" ").build(), "from");
    rejects(() -> vonage().apiKey(null).build(), "apiKey");
    rejects(() -> vonage().apiSecret("").build(), "apiSecret");
    rejects(() -> vonage().from(null).build(), "from");
  }

  @Test
  @DisplayName("null HTTP settings, a bad URL, out-of-range numbers and timeouts")
  void http_and_numbers() {
    rejects(() -> twilio().http(null).build(), "http");
    rejects(() -> vonage().http(null).build(), "http");
    rejects(() -> twilio().statusCallback("ftp://x.example/cb").build(), "statusCallback");
    rejects(() -> vonage().callback("/relative").build(), "callback");
    rejects(() -> twilio().maxSegments(0).build(), "maxSegments");
    rejects(() -> vonage().maxSegments(11).build(), "maxSegments");
    rejects(() -> HttpSettings.builder().requestTimeout(Duration.ZERO).build(), "requestTimeout");
  }

  private static void rejects(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
