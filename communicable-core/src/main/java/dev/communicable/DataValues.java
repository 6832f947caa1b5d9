package dev.communicable;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Checks that template data holds only JSON-like values that every store can keep: keys at any
 * depth are keys and strings are text, by the rules of {@link Limits}.
 */
final class DataValues {
  private static final int MAX_DEPTH = 16;

  private DataValues() {}

  /** Checks a top-level data map, naming each entry {@code field.key}. */
  static void check(String field, Map<String, Object> data) {
    for (Map.Entry<String, Object> e : data.entrySet()) {
      key(field, e.getKey());
      check(field + "." + e.getKey(), e.getValue(), 0);
    }
  }

  /**
   * Checks a key of the map at {@code field}; a bad key is reported against the map, since the key
   * cannot safely be part of a field's path.
   */
  static void key(String field, Object key) {
    if (!(key instanceof String text)) {
      throw new InvalidRequestException(
          field,
          "keys must be non-null strings, had "
              + (key == null ? "null" : "a " + key.getClass().getName()));
    }
    try {
      Arguments.id(field, text, Limits.MAX_ID_LENGTH);
    } catch (InvalidRequestException e) {
      throw new InvalidRequestException(
          field, "has a key " + Arguments.echo(text) + " that " + e.problem());
    }
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
    if (value instanceof String text) {
      Arguments.text(field, text, Integer.MAX_VALUE);
      return;
    }
    if (value instanceof Boolean) {
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
        key(field, e.getKey());
        check(field + "." + e.getKey(), e.getValue(), depth + 1);
      }
      return;
    }
    throw new InvalidRequestException(
        field,
        "must be a string, number, boolean, list or map, was a " + value.getClass().getName());
  }
}
