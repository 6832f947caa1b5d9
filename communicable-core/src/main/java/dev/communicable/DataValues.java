package dev.communicable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Checks that template data holds only JSON-like values, so every store can keep it. */
final class DataValues {
  private static final int MAX_DEPTH = 16;

  private DataValues() {}

  static void check(String field, @Nullable Object value) {
    check(field, value, 0);
  }

  /**
   * A deep, unmodifiable copy of a checked value, so that a caller changing its lists or maps later
   * does not change an accepted notification. Map order is kept.
   */
  static Object copy(Object value) {
    if (value instanceof List<?> list) {
      return list.stream().map(DataValues::copy).toList();
    }
    if (value instanceof Map<?, ?> map) {
      Map<Object, Object> copy = new LinkedHashMap<>();
      map.forEach((k, v) -> copy.put(k, copy(v)));
      return Collections.unmodifiableMap(copy);
    }
    return value;
  }

  private static void check(String field, @Nullable Object value, int depth) {
    if (depth > MAX_DEPTH) {
      throw new InvalidRequestException(field, "nests deeper than " + MAX_DEPTH + " levels");
    }
    if (value == null) {
      throw new InvalidRequestException(field, "must not be null");
    }
    if (value instanceof String || value instanceof Boolean) {
      return;
    }
    if (value instanceof Number n) {
      if (n instanceof Double d && (d.isNaN() || d.isInfinite())
          || n instanceof Float f && (f.isNaN() || f.isInfinite())) {
        throw new InvalidRequestException(field, "must be a finite number, was " + n);
      }
      return;
    }
    if (value instanceof List<?> list) {
      for (int i = 0; i < list.size(); i++) {
        check(field + "[" + i + "]", list.get(i), depth + 1);
      }
      return;
    }
    if (value instanceof Map<?, ?> map) {
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!(e.getKey() instanceof String key) || key.isBlank()) {
          throw new InvalidRequestException(field, "map keys must be non-blank strings");
        }
        check(field + "." + key, e.getValue(), depth + 1);
      }
      return;
    }
    throw new InvalidRequestException(
        field,
        "must be a string, number, boolean, list or map, was a " + value.getClass().getName());
  }
}
