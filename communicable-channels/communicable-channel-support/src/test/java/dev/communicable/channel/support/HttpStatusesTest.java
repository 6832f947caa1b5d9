package dev.communicable.channel.support;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.channel.SendResult;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HttpStatusesTest {

  @ParameterizedTest
  @ValueSource(ints = {408, 429, 500, 502, 503, 504, 599})
  @DisplayName("408, 429 and 5xx are retryable, with the wait the provider asked for")
  void retryable(int status) {
    assertThat(HttpStatuses.isRetryable(status)).isTrue();
    assertThat(
            HttpStatuses.failure(
                "acme", status, "ignored", "busy", Optional.of(Duration.ofSeconds(3))))
        .isEqualTo(SendResult.retryable("acme", "busy", Duration.ofSeconds(3)));
  }

  @ParameterizedTest
  @ValueSource(ints = {300, 400, 401, 403, 404, 410, 413, 422})
  @DisplayName("other statuses are permanent, with the given code or http_<status>")
  void permanent(int status) {
    assertThat(HttpStatuses.isRetryable(status)).isFalse();
    assertThat(HttpStatuses.failure("acme", status, null, "no", Optional.empty()))
        .isEqualTo(SendResult.permanent("acme", "http_" + status, "no"));
    assertThat(HttpStatuses.failure("acme", status, "bad_request", "no", Optional.empty()))
        .isEqualTo(SendResult.permanent("acme", "bad_request", "no"));
  }

  @Test
  @DisplayName("2xx is success, nothing else")
  void success() {
    assertThat(HttpStatuses.isSuccess(200)).isTrue();
    assertThat(HttpStatuses.isSuccess(202)).isTrue();
    assertThat(HttpStatuses.isSuccess(299)).isTrue();
    assertThat(HttpStatuses.isSuccess(199)).isFalse();
    assertThat(HttpStatuses.isSuccess(300)).isFalse();
  }
}
