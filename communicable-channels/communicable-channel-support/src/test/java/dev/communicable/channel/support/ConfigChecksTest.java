package dev.communicable.channel.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import java.net.URI;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class ConfigChecksTest {

  @Test
  @DisplayName("a header value is printable ASCII and not blank")
  void header_values() {
    assertThat(ConfigChecks.headerValue("userAgent", "Shop/1.0")).isEqualTo("Shop/1.0");
    assertThatThrownBy(() -> ConfigChecks.headerValue("userAgent", "Shop\r\nX-Evil: 1"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("userAgent: must be printable ASCII, was 'Shop\\u000d\\u000aX-Evil: 1'");
    assertThatThrownBy(() -> ConfigChecks.headerValue("userAgent", " "))
        .hasMessage("userAgent: must not be null or blank, was ' '");
  }

  @Test
  @DisplayName("a secret may hold spaces but no control character, and is never shown")
  void secrets() {
    assertThat(ConfigChecks.secret("password", "correct horse\tbattery"))
        .isEqualTo("correct horse\tbattery");
    assertThatThrownBy(() -> ConfigChecks.secret("password", " "))
        .hasMessage("password: must not be null or blank, was ' '");
    assertThatThrownBy(() -> ConfigChecks.secret("password", "hunter2\r\nX-Evil: 1"))
        .hasMessage("password: must not contain control characters");
  }

  @Test
  @DisplayName("a token holds neither spaces nor control characters, and is never shown")
  void tokens() {
    assertThat(ConfigChecks.token("apiKey", "SG.abc-123")).isEqualTo("SG.abc-123");
    assertThatThrownBy(() -> ConfigChecks.token("apiKey", null))
        .hasMessage("apiKey: must not be null or blank, was null");
    assertThatThrownBy(() -> ConfigChecks.token("apiKey", "abc def"))
        .hasMessage("apiKey: must not contain spaces or control characters");
  }

  @Test
  @DisplayName("URLs: absolute http(s) with a host; a base URL has no query and loses its slash")
  void urls() {
    assertThat(ConfigChecks.httpUrl("callback", "https://x.example/cb?a=1"))
        .isEqualTo(URI.create("https://x.example/cb?a=1"));
    assertThat(ConfigChecks.baseUrl("baseUrl", "http://127.0.0.1:8080/"))
        .isEqualTo(URI.create("http://127.0.0.1:8080"));
    assertThatThrownBy(() -> ConfigChecks.httpUrl("callback", "ftp://x.example"))
        .hasMessage("callback: must be an absolute http(s) URL, was 'ftp://x.example'");
    assertThatThrownBy(() -> ConfigChecks.httpUrl("callback", "/relative"))
        .hasMessage("callback: must be an absolute http(s) URL, was '/relative'");
    assertThatThrownBy(() -> ConfigChecks.httpUrl("callback", "http://bad host"))
        .hasMessage("callback: must be an http(s) URL, was 'http://bad host'");
    assertThatThrownBy(() -> ConfigChecks.httpUrl("callback", null))
        .hasMessage("callback: must not be null");
    assertThatThrownBy(() -> ConfigChecks.baseUrl("baseUrl", "https://x.example/?k=1"))
        .hasMessage(
            "baseUrl: must be an absolute http(s) URL without query, was 'https://x.example/?k=1'");
  }

  @Test
  @DisplayName("finds control characters but allows a tab")
  void control_characters() {
    assertThat(ConfigChecks.hasControl("a\tb")).isFalse();
    assertThat(ConfigChecks.hasControl("a\nb")).isTrue();
    assertThat(ConfigChecks.hasControl("a\u007fb")).isTrue();
  }
}
