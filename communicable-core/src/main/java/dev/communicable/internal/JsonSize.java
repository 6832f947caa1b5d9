package dev.communicable.internal;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The size in UTF-8 bytes of template data written as compact JSON, counted without building the
 * document, and abandoned as soon as it passes a limit. Core has no JSON library; stores that keep
 * data as JSON produce the same size (up to number formatting).
 */
final class JsonSize {
  private final long limit;
  private long size;

  private JsonSize(long limit) {
    this.limit = limit;
  }

  /**
   * The size of {@code data} as a JSON object, or a number greater than {@code limit} as soon as it
   * is known to exceed it.
   */
  static long of(Map<String, ?> data, long limit) {
    JsonSize counter = new JsonSize(limit);
    counter.value(data);
    return counter.size;
  }

  private boolean over() {
    return size > limit;
  }

  private void value(@Nullable Object value) {
    if (over()) {
      return;
    }
    if (value == null) {
      size += 4;
    } else if (value instanceof String s) {
      string(s);
    } else if (value instanceof Boolean b) {
      size += b ? 4 : 5;
    } else if (value instanceof BigDecimal d) {
      size += d.toString().length();
    } else if (value instanceof Number n) {
      size += n.toString().length();
    } else if (value instanceof Map<?, ?> map) {
      size += 2; // { }
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        if (!first) {
          size++; // ,
        }
        first = false;
        string(String.valueOf(e.getKey()));
        size++; // :
        value(e.getValue());
        if (over()) {
          return;
        }
      }
    } else if (value instanceof List<?> list) {
      size += 2; // [ ]
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          size++;
        }
        value(list.get(i));
        if (over()) {
          return;
        }
      }
    } else {
      string(value.toString());
    }
  }

  private void string(String s) {
    size += 2; // quotes
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
        size += 2;
      } else if (c < 0x20) {
        size += 6; // \\u00XX
      } else if (c < 0x80) {
        size += 1;
      } else if (c < 0x800) {
        size += 2;
      } else if (Character.isHighSurrogate(c)
          && i + 1 < s.length()
          && Character.isLowSurrogate(s.charAt(i + 1))) {
        size += 4;
        i++;
      } else {
        size += 3;
      }
      if ((i & 0xFF) == 0 && over()) {
        return;
      }
    }
  }
}
