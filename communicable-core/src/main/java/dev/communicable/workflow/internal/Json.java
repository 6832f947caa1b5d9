package dev.communicable.workflow.internal;

import dev.communicable.InvalidRequestException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A small JSON (RFC 8259) reader and writer for workflow definitions, so that core needs no JSON
 * library. Reading gives objects as insertion-ordered maps (a key given twice is an error), arrays
 * as lists, numbers as {@link BigDecimal}, strings, booleans and null. Bounded: at most {@link
 * #MAX_DEPTH} levels of nesting.
 */
public final class Json {
  /** The deepest nesting of arrays and objects read. */
  public static final int MAX_DEPTH = 32;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Json() {}

  /**
   * Reads one JSON value.
   *
   * @throws InvalidRequestException naming the field {@code json}, with the line and column of the
   *     problem, when the text is not one well-formed JSON value
   */
  public static @Nullable Object read(String text) {
    Reader r = new Reader(text);
    r.space();
    Object value = r.value(0);
    r.space();
    if (r.pos < text.length()) {
      throw r.error("expected the end of the document");
    }
    return value;
  }

  /** Writes {@code value} (maps, lists, strings, numbers, booleans, null), indented by two. */
  public static String write(@Nullable Object value) {
    StringBuilder out = new StringBuilder(256);
    write(value, out, 0);
    return out.append('\n').toString();
  }

  private static void write(@Nullable Object value, StringBuilder out, int indent) {
    if (value == null) {
      out.append("null");
    } else if (value instanceof String s) {
      string(s, out);
    } else if (value instanceof Boolean || value instanceof Number) {
      out.append(value);
    } else if (value instanceof Map<?, ?> map) {
      if (map.isEmpty()) {
        out.append("{}");
        return;
      }
      out.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : map.entrySet()) {
        out.append(first ? "\n" : ",\n");
        first = false;
        pad(out, indent + 1);
        string(String.valueOf(e.getKey()), out);
        out.append(": ");
        write(e.getValue(), out, indent + 1);
      }
      out.append('\n');
      pad(out, indent);
      out.append('}');
    } else if (value instanceof List<?> list) {
      boolean flat = list.stream().noneMatch(v -> v instanceof Map || v instanceof List);
      if (flat) {
        out.append('[');
        for (int i = 0; i < list.size(); i++) {
          if (i > 0) {
            out.append(", ");
          }
          write(list.get(i), out, indent);
        }
        out.append(']');
        return;
      }
      out.append('[');
      for (int i = 0; i < list.size(); i++) {
        out.append(i == 0 ? "\n" : ",\n");
        pad(out, indent + 1);
        write(list.get(i), out, indent + 1);
      }
      out.append('\n');
      pad(out, indent);
      out.append(']');
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  private static void pad(StringBuilder out, int indent) {
    out.append("  ".repeat(indent));
  }

  private static void string(String s, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        case '\b' -> out.append("\\b");
        case '\f' -> out.append("\\f");
        default -> {
          if (c < 0x20 || c == '\u2028' || c == '\u2029') {
            out.append("\\u")
                .append(HEX[c >> 12 & 0xF])
                .append(HEX[c >> 8 & 0xF])
                .append(HEX[c >> 4 & 0xF])
                .append(HEX[c & 0xF]);
          } else {
            out.append(c);
          }
        }
      }
    }
    out.append('"');
  }

  private static final class Reader {
    private final String s;
    private int pos;

    Reader(String s) {
      this.s = s;
    }

    @Nullable Object value(int depth) {
      if (pos >= s.length()) {
        throw error("expected a value");
      }
      char c = s.charAt(pos);
      switch (c) {
        case '{':
          return object(depth + 1);
        case '[':
          return array(depth + 1);
        case '"':
          return string();
        case 't':
          return literal("true", Boolean.TRUE);
        case 'f':
          return literal("false", Boolean.FALSE);
        case 'n':
          return literal("null", null);
        default:
          if (c == '-' || (c >= '0' && c <= '9')) {
            return number();
          }
          throw error("expected a value");
      }
    }

    private Map<String, @Nullable Object> object(int depth) {
      checkDepth(depth);
      pos++;
      Map<String, @Nullable Object> map = new LinkedHashMap<>();
      space();
      if (peek() == '}') {
        pos++;
        return Collections.unmodifiableMap(map);
      }
      while (true) {
        space();
        if (peek() != '"') {
          throw error("expected a key in double quotes");
        }
        int keyAt = pos;
        String key = string();
        if (map.containsKey(key)) {
          pos = keyAt;
          throw error("the key \"" + key + "\" appears twice in the same object");
        }
        space();
        expect(':', "expected ':' after the key");
        space();
        map.put(key, value(depth));
        space();
        char c = peek();
        pos++;
        if (c == '}') {
          return Collections.unmodifiableMap(map);
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or '}'");
        }
      }
    }

    private List<@Nullable Object> array(int depth) {
      checkDepth(depth);
      pos++;
      List<@Nullable Object> list = new ArrayList<>();
      space();
      if (peek() == ']') {
        pos++;
        return Collections.unmodifiableList(list);
      }
      while (true) {
        space();
        list.add(value(depth));
        space();
        char c = peek();
        pos++;
        if (c == ']') {
          return Collections.unmodifiableList(list);
        }
        if (c != ',') {
          pos--;
          throw error("expected ',' or ']'");
        }
      }
    }

    private void checkDepth(int depth) {
      if (depth > MAX_DEPTH) {
        throw error("nested deeper than " + MAX_DEPTH + " levels");
      }
    }

    private String string() {
      int start = pos;
      pos++;
      StringBuilder out = new StringBuilder();
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '"') {
          return out.toString();
        }
        if (c == '\\') {
          if (pos >= s.length()) {
            break;
          }
          char e = s.charAt(pos++);
          switch (e) {
            case '"', '\\', '/' -> out.append(e);
            case 'b' -> out.append('\b');
            case 'f' -> out.append('\f');
            case 'n' -> out.append('\n');
            case 'r' -> out.append('\r');
            case 't' -> out.append('\t');
            case 'u' -> {
              if (pos + 4 > s.length()) {
                pos -= 2;
                throw error("expected 4 hex digits after \\u");
              }
              int code = 0;
              for (int k = 0; k < 4; k++) {
                int digit = Character.digit(s.charAt(pos + k), 16);
                if (digit < 0) {
                  pos -= 2;
                  throw error("expected 4 hex digits after \\u");
                }
                code = code * 16 + digit;
              }
              pos += 4;
              out.append((char) code);
            }
            default -> {
              pos -= 2;
              throw error("unknown escape \\" + e);
            }
          }
        } else if (c < 0x20) {
          pos--;
          throw error("a control character must be escaped in a string");
        } else {
          out.append(c);
        }
      }
      pos = start;
      throw error("the string is not closed");
    }

    private BigDecimal number() {
      int start = pos;
      if (peek() == '-') {
        pos++;
      }
      if (peek() == '0') {
        pos++;
      } else if (isDigit(peek())) {
        digits();
      } else {
        throw error("expected a digit");
      }
      if (peek() == '.') {
        pos++;
        if (!isDigit(peek())) {
          throw error("expected a digit after '.'");
        }
        digits();
      }
      if (peek() == 'e' || peek() == 'E') {
        pos++;
        if (peek() == '+' || peek() == '-') {
          pos++;
        }
        if (!isDigit(peek())) {
          throw error("expected a digit in the exponent");
        }
        digits();
      }
      try {
        return new BigDecimal(s.substring(start, pos));
      } catch (NumberFormatException e) {
        pos = start;
        throw error("the number is out of range");
      }
    }

    private void digits() {
      while (isDigit(peek())) {
        pos++;
      }
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private @Nullable Object literal(String word, @Nullable Object value) {
      if (!s.startsWith(word, pos)) {
        throw error("expected a value");
      }
      pos += word.length();
      return value;
    }

    private void expect(char c, String problem) {
      if (peek() != c) {
        throw error(problem);
      }
      pos++;
    }

    /** The character at the position, or NUL at the end (NUL is never valid outside strings). */
    private char peek() {
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    void space() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        pos++;
      }
    }

    InvalidRequestException error(String problem) {
      int line = 1;
      int column = 1;
      for (int i = 0; i < pos && i < s.length(); i++) {
        if (s.charAt(i) == '\n') {
          line++;
          column = 1;
        } else {
          column++;
        }
      }
      String found =
          pos >= s.length()
              ? "the end of the document"
              : Character.isISOControl(s.charAt(pos))
                  ? String.format("U+%04X", (int) s.charAt(pos))
                  : "'" + s.charAt(pos) + "'";
      return new InvalidRequestException(
          "json", "at line " + line + ", column " + column + ": " + problem + ", found " + found);
    }
  }
}
