package dev.communicable.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import java.math.BigDecimal;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConditionTest {
  private static final Map<String, Object> VARIABLES =
      Map.of(
          "data",
          Map.of(
              "amount",
              150,
              "price",
              9.5,
              "big",
              new BigDecimal("1E+3"),
              "currency",
              "EUR",
              "status",
              "overdue",
              "vip",
              true,
              "tags",
              List.of("a", "b"),
              "items",
              List.of(Map.of("sku", "X-1"), Map.of("sku", "Y-2")),
              "customer",
              Map.of("tier", "gold", "first-name", "Ada"),
              "quote",
              "it's \"here\""),
          "recipient",
          Map.of("id", "u1", "locale", Locale.CANADA_FRENCH, "channels", List.of("email", "sms")),
          "preferences",
          Map.of("email", true, "sms", false));

  private static boolean test(String text) {
    return Condition.parse(text).test(VARIABLES);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "data.amount >= 100 and data.currency == \"EUR\"",
        "data.amount > 149.99",
        "data.amount == 150.0",
        "data.price < 10",
        "data.big == 1000",
        "data.currency == 'EUR'",
        "data.currency != \"USD\"",
        "data.currency < \"F\"",
        "data.vip",
        "data.vip == true",
        "not data.missing",
        "!(data.amount < 100)",
        "data.missing == null",
        "data.missing.deeper == null",
        "\"sms\" in recipient.channels",
        "'push' not in recipient.channels",
        "data.status in [\"open\", \"overdue\"]",
        "data.amount in [1, 150, 3]",
        "recipient.channels contains \"email\"",
        "data.tags contains 'b'",
        "data.currency contains \"U\"",
        "\"UR\" in data.currency",
        "exists(data.amount)",
        "not exists(data.paidAt)",
        "data.items.1.sku == \"Y-2\"",
        "data.customer.first-name == \"Ada\"",
        "recipient.locale == \"fr-CA\"",
        "preferences.email && !preferences.sms",
        "preferences.sms || preferences.email",
        "data.missing or data.vip",
        "(data.amount > 1000 or data.vip) and data.currency == \"EUR\"",
        "data.quote == \"it's \\\"here\\\"\"",
        "data.quote == 'it\\'s \"here\"'",
        "data.tags == [\"a\", \"b\"]",
        "[] != data.tags",
        "-1 < 0",
        "2e3 == 2000",
        "true",
        "null == null",
      })
  void holds(String text) {
    assertThat(test(text)).as(text).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "data.amount < 100",
        "data.amount == \"150\"",
        "data.currency > 1",
        "data.missing > 1",
        "data.missing < 1",
        "data.missing",
        "data.currency",
        "\"push\" in recipient.channels",
        "data.status not in [\"open\", \"overdue\"]",
        "exists(data.paidAt)",
        "data.items.5.sku == \"X-1\"",
        "data.items.x == 1",
        "preferences.sms",
        "not data.vip",
        "data.vip and data.missing",
        "data.amount contains 1",
        "false",
        "data.tags == [\"b\", \"a\"]",
      })
  void does_not_hold(String text) {
    assertThat(test(text)).as(text).isFalse();
  }

  @Test
  void and_binds_tighter_than_or() {
    assertThat(test("true or false and false")).isTrue();
    assertThat(test("(true or false) and false")).isFalse();
  }

  @Test
  void null_and_empty_variables_make_every_path_missing() {
    Condition c = Condition.parse("not exists(data.x) and data.x == null");
    assertThat(c.test(null)).isTrue();
    assertThat(c.test(Map.of())).isTrue();
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("data", null);
    assertThat(c.test(withNull)).isTrue();
  }

  @Test
  void numbers_of_every_java_type_compare_by_value() {
    Condition c = Condition.parse("data.n == 3");
    for (Object n : List.of(3, 3L, 3.0d, 3.0f, (short) 3, new BigDecimal("3.000"))) {
      assertThat(c.test(Map.of("data", Map.of("n", n)))).as("%s", n.getClass()).isTrue();
    }
    assertThat(c.test(Map.of("data", Map.of("n", Double.NaN)))).isFalse();
  }

  @Test
  void lists_holding_null_are_searched() {
    assertThat(
            Condition.parse("null in data.l")
                .test(Map.of("data", Map.of("l", Arrays.asList("a", null)))))
        .isTrue();
    assertThat(test("null in [1, null]")).isTrue();
  }

  @Test
  void a_condition_keeps_its_text_and_equals_another_of_the_same_text() {
    Condition c = Condition.parse("data.vip");
    assertThat(c.text()).isEqualTo("data.vip");
    assertThat(c).isEqualTo(Condition.parse("data.vip")).hasToString("data.vip");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "(data.a == 1 | at position 13: expected ')' to close the '(' at position 1, found the end"
            + " of the condition",
        "data.a == | at position 10: expected a value, a path, 'exists(...)', 'not' or '(', found"
            + " the end of the condition",
        "data.a = 1 | at position 8: unexpected '=', use '==' to compare",
        "data.a == 1 and | at position 16: expected a value, a path, 'exists(...)', 'not' or '(',"
            + " found the end of the condition",
        "data.a == 1 data.b | at position 13: expected 'and', 'or' or the end of the condition,"
            + " found 'data.b'",
        "data.a == 'open | at position 11: the string is not closed, expected '",
        "data.a in [1, 2 | at position 16: expected ',' or ']' to close the list opened at"
            + " position 11, found the end of the condition",
        "data.a in [1, data.b] | at position 15: expected a string, number, true, false or null in"
            + " the list, found 'data.b'",
        "exists data.a | at position 8: expected '(' after 'exists', found 'data.a'",
        "exists(1) | at position 8: expected a path inside 'exists(...)', found the number 1",
        "data. == 1 | at position 6: expected a name after '.'",
        "data.a & data.b | at position 8: unexpected '&', use '&&' or a word operator",
        "data.a == 1 # x | at position 13: unexpected character '#'",
        "and == 1 | at position 1: expected a value or a path, but 'and' is an operator, found"
            + " 'and'",
        "12abc == 1 | at position 3: expected an operator or a space after the number",
        "'a\\q' == 1 | at position 3: unknown escape '\\q', expected one of \\\" \\' \\\\ \\n \\t \\r"
            + " \\u",
        ") | at position 1: expected a value, a path, 'exists(...)', 'not' or '(', found ')'",
      })
  void name_the_position_and_what_was_expected(String text, String problem) {
    assertThatThrownBy(() -> Condition.parse(text))
        .isInstanceOfSatisfying(
            InvalidRequestException.class,
            e -> {
              assertThat(e.field()).isEqualTo("condition");
              assertThat(e.problem()).isEqualTo(problem);
            });
  }

  @Test
  void blank_and_null_text_are_rejected() {
    assertThatThrownBy(() -> Condition.parse(" "))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("condition: must not be blank");
    assertThatThrownBy(() -> Condition.parse(null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("condition: must not be null");
  }

  @Test
  void too_long_text_is_rejected() {
    assertThatThrownBy(() -> Condition.parse("a == 1 or ".repeat(300) + "true"))
        .hasMessageStartingWith("condition: must be at most 2000 characters");
  }

  @Test
  void nesting_is_bounded() {
    assertThatThrownBy(() -> Condition.parse("(".repeat(40) + "true" + ")".repeat(40)))
        .hasMessage("condition: at position 33: nested deeper than 32 levels, found '('");
    assertThatThrownBy(() -> Condition.parse("not ".repeat(40) + "true"))
        .hasMessageContaining("nested deeper than 32 levels");
  }

  @Test
  void lists_are_bounded() {
    String list = "[" + "1, ".repeat(100) + "1]";
    assertThatThrownBy(() -> Condition.parse("data.a in " + list))
        .hasMessageContaining("a list holds at most 100 values");
  }

  @Test
  void every_example_in_the_documentation_parses() throws java.io.IOException {
    java.nio.file.Path doc = java.nio.file.Path.of("../docs/workflow-conditions.md");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        java.nio.file.Files.exists(doc), "the docs are beside the module");
    String text = java.nio.file.Files.readString(doc);
    int start = text.indexOf("```condition\n") + "```condition\n".length();
    List<String> examples =
        text.substring(start, text.indexOf("```", start))
            .lines()
            .filter(l -> !l.isBlank())
            .toList();

    assertThat(examples).hasSizeGreaterThan(10);
    for (String example : examples) {
      Condition.parse(example).test(VARIABLES);
    }
    assertThat(test("data.status not in ['paid', 'void']")).isTrue();
  }
}
