package dev.communicable.channel.webhook.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

  static Optional<Duration> parse(String header) {
    return RetryAfter.parse(Optional.ofNullable(header), CLOCK);
  }

  @Test
  @DisplayName("reads delay-seconds")
  void seconds() {
    assertThat(parse("120")).contains(Duration.ofSeconds(120));
    assertThat(parse(" 0 ")).contains(Duration.ZERO);
  }

  @Test
  @DisplayName("reads an HTTP date against the injected clock; a past date means now")
  void dates() {
    assertThat(parse("Sat, 01 Mar 2025 12:00:30 GMT")).contains(Duration.ofSeconds(30));
    assertThat(parse("Sat, 01 Mar 2025 11:00:00 GMT")).contains(Duration.ZERO);
  }

  @Test
  @DisplayName("caps an absurd wait at one day")
  void caps() {
    assertThat(parse("999999999")).contains(Duration.ofDays(1));
    assertThat(parse("99999999999999999999999")).contains(Duration.ofDays(1));
    assertThat(RetryAfter.ofSeconds(1e12)).contains(Duration.ofDays(1));
  }

  @Test
  @DisplayName("ignores an absent or unreadable header")
  void ignoresGarbage() {
    assertThat(parse(null)).isEmpty();
    assertThat(parse("")).isEmpty();
    assertThat(parse("soon")).isEmpty();
    assertThat(parse("-5")).isEmpty();
    assertThat(RetryAfter.ofSeconds(-1)).isEmpty();
  }

  @Test
  @DisplayName("reads Discord's fractional seconds, rounding up to the millisecond")
  void fractionalSeconds() {
    assertThat(RetryAfter.ofSeconds(0.2504)).contains(Duration.ofMillis(251));
  }
}
