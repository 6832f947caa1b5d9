package dev.communicable.channel.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.support.HttpSettings;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("webhook and chat configs refuse bad input, naming the field")
class WebhookHttpConfigBadInputTest {
  private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  @Test
  @DisplayName("webhooks wait 15 s per request by default, chat the shared 30 s")
  void defaults() {
    assertThat(WebhookConfig.builder().secret(SECRET).build().http().requestTimeout())
        .isEqualTo(Duration.ofSeconds(15));
    assertThat(ChatConfig.builder().build().http().requestTimeout())
        .isEqualTo(HttpSettings.DEFAULT_REQUEST_TIMEOUT);
    assertThat(ChatConfig.builder().build().http().connectTimeout())
        .isEqualTo(HttpSettings.DEFAULT_CONNECT_TIMEOUT);
  }

  @Test
  @DisplayName("null values, a base URL, out-of-range numbers, a bad user agent")
  void bad_input() {
    rejects(() -> WebhookConfig.builder().secret((String) null), "secret");
    rejects(() -> WebhookConfig.builder().secret((WebhookSecret) null), "secret");
    rejects(() -> WebhookConfig.builder().egress(null), "egress");
    rejects(() -> WebhookConfig.builder().secret(SECRET).http(null).build(), "http");
    rejects(
        () ->
            WebhookConfig.builder()
                .secret(SECRET)
                .http(HttpSettings.builder().baseUrl("https://hooks.example").build())
                .build(),
        "baseUrl");
    rejects(() -> WebhookConfig.builder().maxBodyBytes(0), "maxBodyBytes");
    rejects(() -> WebhookConfig.builder().followRedirects(11), "followRedirects");
    rejects(() -> WebhookConfig.builder().userAgent(" "), "userAgent");
    rejects(() -> WebhookConfig.builder().userAgent("a\r\nb"), "userAgent");
    rejects(() -> ChatConfig.builder().kind(null), "kind");
    rejects(() -> ChatConfig.builder().host("chat.example", null), "kind");
    rejects(() -> ChatConfig.builder().host("", ChatKind.SLACK), "hosts");
    rejects(() -> ChatConfig.builder().http(null).build(), "http");
    rejects(() -> ChatConfig.builder().followRedirects(-1), "followRedirects");
    rejects(() -> WebhookAdapters.webhook(null), "config");
    rejects(() -> WebhookAdapters.chat(null), "config");
  }

  private static void rejects(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
