package dev.communicable.channel.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpHeaders;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

  @Test
  @DisplayName("reads delta-seconds")
  void seconds() {
    assertThat(RetryAfter.parse("120", CLOCK)).contains(Duration.ofSeconds(120));
    assertThat(RetryAfter.parse(" 0 ", CLOCK)).contains(Duration.ZERO);
  }

  @Test
  @DisplayName("reads an HTTP-date against the injected clock; a past date means now")
  void dates() {
    assertThat(RetryAfter.parse("Sat, 01 Mar 2025 12:00:30 GMT", CLOCK))
        .contains(Duration.ofSeconds(30));
    assertThat(RetryAfter.parse("Sat, 01 Mar 2025 11:00:00 GMT", CLOCK)).contains(Duration.ZERO);
  }

  @Test
  @DisplayName("caps an absurd wait at one day")
  void caps() {
    assertThat(RetryAfter.parse("999999999", CLOCK)).contains(Duration.ofDays(1));
    assertThat(RetryAfter.parse("99999999999999999999999", CLOCK)).contains(Duration.ofDays(1));
    assertThat(RetryAfter.parse("Fri, 01 Mar 2030 12:00:00 GMT", CLOCK))
        .contains(Duration.ofDays(1));
    assertThat(RetryAfter.ofSeconds(1e12)).contains(Duration.ofDays(1));
  }

  @Test
  @DisplayName("ignores an absent or unreadable value")
  void ignores_garbage() {
    assertThat(RetryAfter.parse(null, CLOCK)).isEmpty();
    assertThat(RetryAfter.parse("", CLOCK)).isEmpty();
    assertThat(RetryAfter.parse("soon", CLOCK)).isEmpty();
    assertThat(RetryAfter.parse("-5", CLOCK)).isEmpty();
    assertThat(RetryAfter.parse("1.5", CLOCK)).isEmpty();
    assertThat(RetryAfter.ofSeconds(-1)).isEmpty();
    assertThat(RetryAfter.ofSeconds(Double.NaN)).isEmpty();
  }

  @Test
  @DisplayName("reads the first Retry-After header, in any case")
  void from_headers() {
    HttpHeaders headers =
        HttpHeaders.of(Map.of("retry-after", List.of("45", "90")), (a, b) -> true);

    assertThat(RetryAfter.of(headers, CLOCK)).contains(Duration.ofSeconds(45));
    assertThat(RetryAfter.of(HttpHeaders.of(Map.of(), (a, b) -> true), CLOCK)).isEmpty();
  }

  @Test
  @DisplayName("reads fractional seconds, rounding up to the millisecond")
  void fractional_seconds() {
    assertThat(RetryAfter.ofSeconds(0.2504)).contains(Duration.ofMillis(251));
  }
}
