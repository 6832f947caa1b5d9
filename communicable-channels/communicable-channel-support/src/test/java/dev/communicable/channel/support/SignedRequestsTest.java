package dev.communicable.channel.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Signed callbacks: fresh timestamps and constant-time signature comparison")
class SignedRequestsTest {
  private static final Instant NOW = Instant.parse("2025-03-01T09:30:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

  @Test
  void a_timestamp_within_the_tolerance_either_way_is_accepted() {
    long now = NOW.getEpochSecond();

    assertThat(SignedRequests.freshTimestamp("ts", Long.toString(now), CLOCK, FIVE_MINUTES))
        .isEqualTo(now);
    assertThat(SignedRequests.freshTimestamp("ts", " " + (now - 300) + " ", CLOCK, FIVE_MINUTES))
        .isEqualTo(now - 300);
    assertThat(SignedRequests.freshTimestamp("ts", Long.toString(now + 300), CLOCK, FIVE_MINUTES))
        .isEqualTo(now + 300);
    assertThat(SignedRequests.DEFAULT_TOLERANCE).isEqualTo(FIVE_MINUTES);
  }

  @Test
  void a_stale_future_missing_or_malformed_timestamp_names_the_field() {
    long now = NOW.getEpochSecond();

    assertThatThrownBy(
            () ->
                SignedRequests.freshTimestamp("ts", Long.toString(now - 301), CLOCK, FIVE_MINUTES))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("ts: 301 s old, more than the tolerance of 300 s");
    assertThatThrownBy(
            () ->
                SignedRequests.freshTimestamp("ts", Long.toString(now + 400), CLOCK, FIVE_MINUTES))
        .hasMessage("ts: 400 s in the future, more than the tolerance of 300 s");
    assertThatThrownBy(() -> SignedRequests.freshTimestamp("ts", null, CLOCK, FIVE_MINUTES))
        .hasMessage("ts: is missing");
    assertThatThrownBy(() -> SignedRequests.freshTimestamp("ts", " ", CLOCK, FIVE_MINUTES))
        .hasMessage("ts: is missing");
    assertThatThrownBy(() -> SignedRequests.freshTimestamp("ts", "1.5e9", CLOCK, FIVE_MINUTES))
        .hasMessage("ts: must be whole seconds since the epoch, was '1.5e9'");
    assertThatThrownBy(
            () ->
                SignedRequests.freshTimestamp("ts", "x".repeat(100) + "\r\n", CLOCK, FIVE_MINUTES))
        .hasMessage("ts: must be whole seconds since the epoch, was '" + "x".repeat(40) + "...'");
  }

  @Test
  void hex_signatures_match_in_either_case_and_nothing_else_does() {
    assertThat(SignedRequests.hexEquals("00ff", "00FF")).isTrue();
    assertThat(SignedRequests.hexEquals("00FF", " 00ff ")).isTrue();
    assertThat(SignedRequests.hexEquals("00ff", "00fe")).isFalse();
    assertThat(SignedRequests.hexEquals("00ff", "00ff00")).isFalse();
    assertThat(SignedRequests.hexEquals("00ff", "")).isFalse();
    assertThat(SignedRequests.hexEquals("00ff", null)).isFalse();
  }
}
