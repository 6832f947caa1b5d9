package dev.communicable.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("JSON size of template data")
class JsonSizeTest {

  private static int utf8(String json) {
    return json.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void counts_the_compact_json_document_in_utf8_bytes() {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("name", "Zoë");
    data.put("n", 42);
    data.put("ok", true);
    data.put("price", new BigDecimal("9.99"));
    data.put("tags", List.of("a", "b"));
    data.put("nested", Map.of("k", "v"));

    String json =
        "{\"name\":\"Zoë\",\"n\":42,\"ok\":true,\"price\":9.99,\"tags\":[\"a\",\"b\"],"
            + "\"nested\":{\"k\":\"v\"}}";
    assertThat(JsonSize.of(data, 1_000)).isEqualTo(utf8(json));
  }

  @Test
  void counts_escapes_and_characters_outside_the_basic_plane() {
    Map<String, Object> data = Map.of("s", "a\"b\\c\nd\u0001 😀 €");
    String json = "{\"s\":\"a\\\"b\\\\c\\nd\\u0001 😀 €\"}";
    assertThat(JsonSize.of(data, 1_000)).isEqualTo(utf8(json));
  }

  @Test
  void stops_counting_once_over_the_limit() {
    Map<String, Object> data = Map.of("big", "x".repeat(1_000_000));
    assertThat(JsonSize.of(data, 100)).isGreaterThan(100).isLessThan(1_000);
  }

  @Test
  void an_empty_object_is_two_bytes() {
    assertThat(JsonSize.of(Map.of(), 10)).isEqualTo(2);
  }
}
