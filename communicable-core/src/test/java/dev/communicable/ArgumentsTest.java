package dev.communicable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArgumentsTest {
  @Test
  void each_check_returns_the_value_it_accepted() {
    assertThat(Arguments.notNull("f", "x")).isEqualTo("x");
    assertThat(Arguments.notBlank("f", " a ")).isEqualTo(" a ");
    assertThat(Arguments.notBlank("f", "abc", 3)).isEqualTo("abc");
    assertThat(Arguments.positive("f", 1)).isEqualTo(1);
    assertThat(Arguments.positive("f", 1L)).isEqualTo(1L);
    assertThat(Arguments.positive("f", Duration.ofNanos(1))).isEqualTo(Duration.ofNanos(1));
    assertThat(Arguments.notNegative("f", 0)).isZero();
    assertThat(Arguments.notNegative("f", Duration.ZERO)).isEqualTo(Duration.ZERO);
    assertThat(Arguments.between("f", 10, 1, 10)).isEqualTo(10);
    assertThat(Arguments.between("f", 1L, 1L, 10L)).isEqualTo(1L);
    assertThat(Arguments.between("f", Duration.ofSeconds(5), Duration.ZERO, Duration.ofSeconds(5)))
        .isEqualTo(Duration.ofSeconds(5));
    assertThat(Arguments.noNulls("f", List.of("a", "b"))).containsExactly("a", "b");
    assertThat(Arguments.noNulls("f", List.of("a"), 1)).containsExactly("a");
    assertThat(Arguments.notEmpty("f", List.of(1))).containsExactly(1);
    Arguments.check(true, "f", "never said");
  }

  @Test
  void each_failure_names_the_field_and_the_problem() {
    assertRejected(() -> Arguments.notNull("tenantId", null), "tenantId: must not be null");
    assertRejected(
        () -> Arguments.notBlank("tenantId", null),
        "tenantId: must not be null or blank, was null");
    assertRejected(
        () -> Arguments.notBlank("tenantId", "  "),
        "tenantId: must not be null or blank, was '  '");
    assertRejected(
        () -> Arguments.notBlank("key", "abcd", 3),
        "key: must be at most 3 characters, was 4 characters");
    assertRejected(() -> Arguments.positive("limit", 0), "limit: must be at least 1, was 0");
    assertRejected(() -> Arguments.positive("limit", -5L), "limit: must be at least 1, was -5");
    assertRejected(
        () -> Arguments.positive("lease", Duration.ZERO), "lease: must be positive, was PT0S");
    assertRejected(
        () -> Arguments.positive("lease", (Duration) null), "lease: must be positive, was null");
    assertRejected(() -> Arguments.notNegative("n", -1), "n: must not be negative, was -1");
    assertRejected(
        () -> Arguments.notNegative("d", Duration.ofSeconds(-1)),
        "d: must be zero or positive, was PT-1S");
    assertRejected(
        () -> Arguments.between("limit", 0, 1, 1000), "limit: must be between 1 and 1000, was 0");
    assertRejected(
        () -> Arguments.between("limit", 11L, 1L, 10L), "limit: must be between 1 and 10, was 11");
    assertRejected(
        () -> Arguments.between("d", Duration.ofSeconds(6), Duration.ZERO, Duration.ofSeconds(5)),
        "d: must be between PT0S and PT5S, was PT6S");
    assertRejected(
        () -> Arguments.noNulls("ids", Arrays.asList("a", null)),
        "ids: must not hold null, held one at index 1");
    assertRejected(
        () -> Arguments.noNulls("ids", List.of("a", "b"), 1),
        "ids: must hold at most 1 elements, held 2");
    assertRejected(() -> Arguments.notEmpty("ids", List.of()), "ids: must not be empty");
    assertRejected(() -> Arguments.check(false, "when", "must be later"), "when: must be later");
  }

  @Test
  void an_id_is_not_blank_bounded_and_free_of_control_characters() {
    assertThat(Arguments.id("f", "tenant-1 é 😀", 20)).isEqualTo("tenant-1 é 😀");
    assertThat(Arguments.id("f", "k".repeat(255), 255)).hasSize(255);
    assertRejected(
        () -> Arguments.id("tenantId", "t".repeat(10_000), 255),
        "tenantId: must be at most 255 characters, was 10000 characters");
    assertRejected(
        () -> Arguments.id("tenantId", " ", 255), "tenantId: must not be null or blank, was ' '");
    assertRejected(
        () -> Arguments.id("tenantId", "a\u0000b", 255),
        "tenantId: must not contain the NUL character");
    assertRejected(
        () -> Arguments.id("key", "a\tb", 255),
        "key: must not contain control characters, had U+0009 at index 1");
    assertRejected(
        () -> Arguments.id("key", "ab\u0085", 255),
        "key: must not contain control characters, had U+0085 at index 2");
    assertRejected(
        () -> Arguments.id("key", "a\ud83d", 255),
        "key: must not contain an unpaired surrogate, had U+D83D at index 1");
    assertRejected(
        () -> Arguments.id("key", "\ude00a", 255),
        "key: must not contain an unpaired surrogate, had U+DE00 at index 0");
  }

  @Test
  void a_text_may_hold_anything_but_nul_and_unpaired_surrogates() {
    assertThat(Arguments.text("f", "", 10)).isEmpty();
    assertThat(Arguments.text("f", " line\nbreak\t\u0001\u007f 😀", 100))
        .isEqualTo(" line\nbreak\t\u0001\u007f 😀");
    assertRejected(() -> Arguments.text("note", null, 10), "note: must not be null");
    assertRejected(
        () -> Arguments.text("note", "abcd", 3),
        "note: must be at most 3 characters, was 4" + " characters");
    assertRejected(
        () -> Arguments.text("data.items[2].name", "x\u0000", 100),
        "data.items[2].name: must not contain the NUL character");
    assertRejected(
        () -> Arguments.text("note", "x\udc00y", 100),
        "note: must not contain an unpaired surrogate, had U+DC00 at index 1");
  }

  @Test
  void an_instant_is_checked_against_its_range() {
    Instant min = Instant.EPOCH;
    Instant max = Instant.parse("9999-12-31T23:59:59Z");
    assertThat(Arguments.between("at", max, min, max)).isEqualTo(max);
    assertThat(Arguments.between("at", min, min, max)).isEqualTo(min);
    assertRejected(
        () -> Arguments.between("sendAt", Instant.MAX, min, max),
        "sendAt: must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z, was"
            + " +1000000000-12-31T23:59:59.999999999Z");
    assertRejected(
        () -> Arguments.between("sendAt", (Instant) null, min, max),
        "sendAt: must be between 1970-01-01T00:00:00Z and 9999-12-31T23:59:59Z, was null");
  }

  @Test
  void the_failure_carries_the_field_and_problem_apart() {
    assertThatThrownBy(() -> Arguments.positive("batchSize", 0))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).isEqualTo("batchSize");
              assertThat(e.problem()).isEqualTo("must be at least 1, was 0");
            });
  }

  @Test
  void a_repeated_value_is_cut_short_and_its_control_characters_escaped() {
    assertThat(Arguments.echo("a\u0000b\nc")).isEqualTo("'a\\u0000b\\u000ac'");
    assertThat(Arguments.echo("x".repeat(10_000)))
        .isEqualTo("'" + "x".repeat(Arguments.ECHO_LIMIT) + "...'");
    assertThat(Arguments.echo(null)).isEqualTo("null");
  }

  @Test
  void a_checked_list_is_a_copy_the_caller_cannot_change_afterwards() {
    List<String> mine = new ArrayList<>(List.of("a"));
    List<String> checked = Arguments.noNulls("ids", mine);
    mine.add("b");
    assertThat(checked).containsExactly("a");
    assertThatThrownBy(() -> checked.add("c")).isInstanceOf(UnsupportedOperationException.class);
  }

  private static void assertRejected(Runnable call, String message) {
    assertThatThrownBy(call::run).isInstanceOf(InvalidRequestException.class).hasMessage(message);
  }
}
