package dev.communicable.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.support.HttpSettings;
import java.net.URI;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("SendGrid and Mailgun configs refuse bad input, naming the field")
class EmailHttpConfigBadInputTest {

  private static SendGridConfig.Builder sendGrid() {
    return SendGridConfig.builder().apiKey("SG.key").from("no-reply@shop.example");
  }

  private static MailgunConfig.Builder mailgun() {
    return MailgunConfig.builder()
        .apiKey("key-1")
        .domain("mg.shop.example")
        .from("no-reply@mg.shop.example");
  }

  @Test
  @DisplayName("the provider's base URL and the shared default timeouts apply unless set")
  void defaults() {
    HttpSettings http = sendGrid().build().http();
    assertThat(http.baseUrl()).contains(URI.create(SendGridConfig.DEFAULT_BASE_URL));
    assertThat(http.connectTimeout()).isEqualTo(HttpSettings.DEFAULT_CONNECT_TIMEOUT);
    assertThat(http.requestTimeout()).isEqualTo(HttpSettings.DEFAULT_REQUEST_TIMEOUT);
    assertThat(mailgun().build().http().baseUrl())
        .contains(URI.create(MailgunConfig.DEFAULT_BASE_URL));
    assertThat(
            mailgun()
                .http(HttpSettings.builder().baseUrl(MailgunConfig.EU_BASE_URL).build())
                .build()
                .http()
                .baseUrl())
        .contains(URI.create(MailgunConfig.EU_BASE_URL));
  }

  @Test
  @DisplayName("null or blank credentials and addresses")
  void null_and_blank() {
    rejects(() -> sendGrid().apiKey(null).build(), "apiKey");
    rejects(() -> sendGrid().apiKey(" ").build(), "apiKey");
    rejects(() -> sendGrid().from(null).build(), "from");
    rejects(() -> sendGrid().from("").build(), "from");
    rejects(() -> mailgun().apiKey(null).build(), "apiKey");
    rejects(() -> mailgun().domain(null).build(), "domain");
    rejects(() -> mailgun().from(" ").build(), "from");
  }

  @Test
  @DisplayName("null HTTP settings, a bad base URL, non-positive timeouts")
  void http_settings() {
    rejects(() -> sendGrid().http(null).build(), "http");
    rejects(() -> mailgun().http(null).build(), "http");
    rejects(() -> HttpSettings.builder().baseUrl("not a url").build(), "baseUrl");
    rejects(() -> HttpSettings.builder().connectTimeout(Duration.ZERO).build(), "connectTimeout");
    rejects(
        () -> HttpSettings.builder().requestTimeout(Duration.ofSeconds(-5)).build(),
        "requestTimeout");
  }

  private static void rejects(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
