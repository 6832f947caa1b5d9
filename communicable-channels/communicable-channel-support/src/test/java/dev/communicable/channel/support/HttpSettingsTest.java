package dev.communicable.channel.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.memory.SettableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("HTTP settings of a provider config")
class HttpSettingsTest {

  @Test
  @DisplayName("defaults: no base URL, 5 s to connect, 30 s per request")
  void defaults() {
    HttpSettings http = HttpSettings.defaults();

    assertThat(http.baseUrl()).isEmpty();
    assertThat(http.connectTimeout()).isEqualTo(Duration.ofSeconds(5));
    assertThat(http.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(http.clock()).isNotNull();
  }

  @Test
  @DisplayName("keeps what was set; a trailing slash of the base URL is dropped")
  void keeps_values() {
    SettableClock clock = SettableClock.of(Instant.parse("2025-03-01T12:00:00Z"));
    HttpSettings http =
        HttpSettings.builder()
            .baseUrl("http://127.0.0.1:8080/")
            .connectTimeout(Duration.ofSeconds(1))
            .requestTimeout(Duration.ofSeconds(2))
            .clock(clock)
            .build();

    assertThat(http.baseUrl()).contains(URI.create("http://127.0.0.1:8080"));
    assertThat(http.endpoint("/v3/mail/send"))
        .isEqualTo(URI.create("http://127.0.0.1:8080/v3/mail/send"));
    assertThat(http.connectTimeout()).isEqualTo(Duration.ofSeconds(1));
    assertThat(http.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(http.clock()).isSameAs(clock);
    assertThat(http.toBuilder().requestTimeout(Duration.ofSeconds(3)).build().baseUrl())
        .contains(URI.create("http://127.0.0.1:8080"));
  }

  @Test
  @DisplayName("a provider's default base URL applies only when none was set")
  void default_base_url() {
    assertThat(HttpSettings.defaults().withDefaultBaseUrl("https://api.example.com").baseUrl())
        .contains(URI.create("https://api.example.com"));
    HttpSettings own = HttpSettings.builder().baseUrl("http://localhost:9000").build();
    assertThat(own.withDefaultBaseUrl("https://api.example.com")).isSameAs(own);
  }

  @Test
  @DisplayName("each bad value is refused naming its field")
  void bad_values() {
    rejects(() -> HttpSettings.builder().baseUrl(null).build(), "baseUrl");
    rejects(() -> HttpSettings.builder().baseUrl(" ").build(), "baseUrl");
    rejects(() -> HttpSettings.builder().baseUrl("ftp://x.example").build(), "baseUrl");
    rejects(() -> HttpSettings.builder().baseUrl("https://x.example/?k=1").build(), "baseUrl");
    rejects(() -> HttpSettings.builder().connectTimeout(null).build(), "connectTimeout");
    rejects(() -> HttpSettings.builder().connectTimeout(Duration.ZERO).build(), "connectTimeout");
    rejects(
        () -> HttpSettings.builder().requestTimeout(Duration.ofSeconds(-1)).build(),
        "requestTimeout");
    rejects(
        () -> HttpSettings.builder().requestTimeout(Duration.ofMinutes(6)).build(),
        "requestTimeout");
    rejects(() -> HttpSettings.builder().clock(null).build(), "clock");
    assertThatThrownBy(() -> HttpSettings.builder().requestTimeout(Duration.ZERO).build())
        .hasMessage("requestTimeout: must be between PT0.001S and PT5M, was PT0S");
  }

  @Test
  @DisplayName("discovery reads base-url and the timeouts, naming a bad one in full")
  void from_settings() {
    Settings settings =
        Settings.of(
            "communicable.acme.",
            name ->
                switch (name) {
                  case "communicable.acme.base-url" -> "http://127.0.0.1:9000";
                  case "communicable.acme.request-timeout" -> "10";
                  default -> null;
                });

    HttpSettings http = settings.http(HttpSettings.defaults());

    assertThat(http.baseUrl()).contains(URI.create("http://127.0.0.1:9000"));
    assertThat(http.requestTimeout()).isEqualTo(Duration.ofSeconds(10));
    assertThat(http.connectTimeout()).isEqualTo(HttpSettings.DEFAULT_CONNECT_TIMEOUT);
    assertThatThrownBy(
            () ->
                Settings.of(
                        "communicable.acme.", name -> name.endsWith("connect-timeout") ? "0" : null)
                    .http(HttpSettings.defaults()))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> assertThat(e.field()).isEqualTo("communicable.acme.connect-timeout"));
  }

  private static void rejects(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
