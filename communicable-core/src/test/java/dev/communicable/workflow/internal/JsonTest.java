package dev.communicable.workflow.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

  @Test
  void arrays_of_plain_values_go_on_one_line_and_others_are_indented() {
    Map<String, Object> root = new LinkedHashMap<>();
    root.put("flat", Arrays.asList("a", 1, true, null));
    root.put("nested", List.of(List.of(1, 2), List.of(), Map.of("k", List.of("v"))));
    root.put("empty", Map.of());

    assertThat(Json.write(root))
        .isEqualTo(
            """
            {
              "flat": ["a", 1, true, null],
              "nested": [
                [1, 2],
                [],
                {
                  "k": ["v"]
                }
              ],
              "empty": {}
            }
            """);
  }

  @Test
  void numbers_are_read_as_big_decimals_as_written() {
    assertThat(Json.read("[7, -0, 1.50, 1e3, 12345678901234567890]"))
        .isEqualTo(
            List.of(
                new BigDecimal("7"),
                new BigDecimal("0"),
                new BigDecimal("1.50"),
                new BigDecimal("1e3"),
                new BigDecimal("12345678901234567890")));
  }

  @Test
  void strings_survive_a_round_trip() {
    String s = "quote \" backslash \\ slash / newline \n tab \t nul \0 \u2028 é 😀";

    assertThat(Json.write(List.of(s)))
        .isEqualTo(
            "[\"quote \\\" backslash \\\\ slash / newline"
                + " \\n tab \\t nul \\u0000 \u2028 é 😀\"]\n");
    assertThat(Json.read(Json.write(List.of(s)))).isEqualTo(List.of(s));
  }

  @Test
  void objects_nest_at_most_32_levels_too() {
    assertThat(Json.read("{\"a\": ".repeat(32) + "1" + "}".repeat(32))).isNotNull();
    assertThatThrownBy(() -> Json.read("{\"a\": ".repeat(33) + "1" + "}".repeat(33)))
        .hasMessage("json: at line 1, column 194: nested deeper than 32 levels");
  }
}
