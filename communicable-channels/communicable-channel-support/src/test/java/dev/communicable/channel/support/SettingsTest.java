package dev.communicable.channel.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static Settings settings(Map<String, String> values) {
    return Settings.of("communicable.acme.", values::get);
  }

  @Test
  @DisplayName("reads values under the prefix, stripped; blank counts as absent")
  void text() {
    Settings s =
        settings(Map.of("communicable.acme.api-key", "  k-1 ", "communicable.acme.from", " "));

    assertThat(s.name("api-key")).isEqualTo("communicable.acme.api-key");
    assertThat(s.text("api-key")).contains("k-1");
    assertThat(s.text("from")).isEmpty();
    assertThat(s.text("absent")).isEmpty();
    assertThat(s.required("api-key")).isEqualTo("k-1");
    assertThatThrownBy(() -> s.required("from"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("communicable.acme.from: is required");
  }

  @Test
  @DisplayName("reads durations as whole seconds or ISO-8601, naming the setting when wrong")
  void durations() {
    Settings s =
        settings(
            Map.of(
                "communicable.acme.a", "15",
                "communicable.acme.b", "PT0.5S",
                "communicable.acme.c", "soon"));

    assertThat(s.duration("a")).contains(Duration.ofSeconds(15));
    assertThat(s.duration("b")).contains(Duration.ofMillis(500));
    assertThat(s.duration("absent")).isEmpty();
    assertThatThrownBy(() -> s.duration("c"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage(
            "communicable.acme.c: must be seconds (15) or an ISO-8601 duration (PT15S), was 'soon'");
  }

  @Test
  @DisplayName("reads numbers, clamping to int for int setters, and booleans")
  void numbers_and_booleans() {
    Settings s =
        settings(
            Map.of(
                "communicable.acme.port", "2525",
                "communicable.acme.huge", "99999999999",
                "communicable.acme.bad", "ten",
                "communicable.acme.on", "TRUE",
                "communicable.acme.maybe", "yes"));

    assertThat(s.number("port")).contains(2525L);
    assertThat(s.integer("port")).contains(2525);
    assertThat(s.integer("huge")).contains(Integer.MAX_VALUE);
    assertThatThrownBy(() -> s.number("bad"))
        .hasMessage("communicable.acme.bad: must be a whole number, was 'ten'");
    assertThat(s.bool("on")).contains(true);
    assertThat(s.bool("absent")).isEmpty();
    assertThatThrownBy(() -> s.bool("maybe"))
        .hasMessage("communicable.acme.maybe: must be true or false, was 'yes'");
  }

  @Test
  @DisplayName("splits lists on commas and whitespace")
  void lists() {
    Settings s = settings(Map.of("communicable.acme.hosts", " a.example, b.example  c.example,"));

    assertThat(s.list("hosts")).containsExactly("a.example", "b.example", "c.example");
    assertThat(s.list("absent")).isEqualTo(List.of());
  }

  @Test
  @DisplayName("build renames a builder's field to the setting's full name")
  void build_renames_fields() {
    Settings s = settings(Map.of());

    assertThatThrownBy(
            () ->
                s.build(
                    () -> {
                      throw new InvalidRequestException("requestTimeout", "must be positive");
                    }))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("communicable.acme.request-timeout: must be positive");
    assertThat(s.build(() -> "built")).isEqualTo("built");
  }
}
