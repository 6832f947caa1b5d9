package dev.communicable.template;

import java.io.IOException;
import java.io.Writer;
import org.jspecify.annotations.Nullable;

/**
 * JSON string escaping for values written into a JSON part, and a syntax check of the rendered
 * document. Kept here so that core needs no JSON library.
 */
final class JsonText {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final int MAX_DEPTH = 256;

  private JsonText() {}

  /**
   * Writes {@code value} escaped for use between the quotes of a JSON string: quote, backslash and
   * control characters are escaped, and so are U+2028 and U+2029 (legal in JSON, but not in the
   * JavaScript that some receivers embed it in).
   */
  static void escape(String value, Writer out) throws IOException {
    int start = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      String replacement =
          switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            case '\b' -> "\\b";
            case '\f' -> "\\f";
            default -> c < 0x20 || c == '\u2028' || c == '\u2029' ? unicode(c) : null;
          };
      if (replacement != null) {
        out.write(value, start, i - start);
        out.write(replacement);
        start = i + 1;
      }
    }
    out.write(value, start, value.length() - start);
  }

  private static String unicode(char c) {
    return "\\u" + HEX[c >> 12 & 0xF] + HEX[c >> 8 & 0xF] + HEX[c >> 4 & 0xF] + HEX[c & 0xF];
  }

  /**
   * Null when {@code text} is one well-formed JSON value (RFC 8259), else what is wrong and where.
   */
  static @Nullable String syntaxError(String text) {
    Parser p = new Parser(text);
    try {
      p.skipSpace();
      p.value(0);
      p.skipSpace();
      if (p.pos != text.length()) {
        throw p.error("unexpected text after the document");
      }
      return null;
    } catch (IllegalArgumentException e) {
      return e.getMessage();
    }
  }

  private static final class Parser {
    private final String s;
    private int pos;

    Parser(String s) {
      this.s = s;
    }

    void value(int depth) {
      if (depth > MAX_DEPTH) {
        throw error("nested deeper than " + MAX_DEPTH + " levels");
      }
      if (pos >= s.length()) {
        throw error("unexpected end of document");
      }
      char c = s.charAt(pos);
      switch (c) {
        case '{' -> object(depth);
        case '[' -> array(depth);
        case '"' -> string();
        case 't' -> literal("true");
        case 'f' -> literal("false");
        case 'n' -> literal("null");
        default -> {
          if (c == '-' || (c >= '0' && c <= '9')) {
            number();
          } else {
            throw error("unexpected character '" + c + "'");
          }
        }
      }
    }

    private void object(int depth) {
      pos++;
      skipSpace();
      if (peek() == '}') {
        pos++;
        return;
      }
      while (true) {
        skipSpace();
        if (peek() != '"') {
          throw error("expected a quoted member name");
        }
        string();
        skipSpace();
        expect(':');
        skipSpace();
        value(depth + 1);
        skipSpace();
        if (peek() == ',') {
          pos++;
        } else {
          expect('}');
          return;
        }
      }
    }

    private void array(int depth) {
      pos++;
      skipSpace();
      if (peek() == ']') {
        pos++;
        return;
      }
      while (true) {
        skipSpace();
        value(depth + 1);
        skipSpace();
        if (peek() == ',') {
          pos++;
        } else {
          expect(']');
          return;
        }
      }
    }

    private void string() {
      pos++;
      while (pos < s.length()) {
        char c = s.charAt(pos++);
        if (c == '"') {
          return;
        }
        if (c < 0x20) {
          pos--;
          throw error("unescaped control character in a string");
        }
        if (c == '\\') {
          if (pos >= s.length()) {
            break;
          }
          char e = s.charAt(pos++);
          if (e == 'u') {
            for (int i = 0; i < 4; i++) {
              if (pos >= s.length() || Character.digit(s.charAt(pos), 16) < 0) {
                throw error("bad \\u escape");
              }
              pos++;
            }
          } else if ("\"\\/bfnrt".indexOf(e) < 0) {
            pos--;
            throw error("bad escape '\\" + e + "'");
          }
        }
      }
      throw error("unterminated string");
    }

    private void number() {
      if (peek() == '-') {
        pos++;
      }
      if (peek() == '0') {
        pos++;
      } else if (digits() == 0) {
        throw error("bad number");
      }
      if (peek() == '.') {
        pos++;
        if (digits() == 0) {
          throw error("bad number");
        }
      }
      if (peek() == 'e' || peek() == 'E') {
        pos++;
        if (peek() == '+' || peek() == '-') {
          pos++;
        }
        if (digits() == 0) {
          throw error("bad number");
        }
      }
    }

    private int digits() {
      int start = pos;
      while (pos < s.length() && s.charAt(pos) >= '0' && s.charAt(pos) <= '9') {
        pos++;
      }
      return pos - start;
    }

    private void literal(String word) {
      if (!s.startsWith(word, pos)) {
        throw error("unexpected character '" + s.charAt(pos) + "'");
      }
      pos += word.length();
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error(pos >= s.length() ? "unexpected end of document" : "expected '" + c + "'");
      }
      pos++;
    }

    private char peek() {
      return pos < s.length() ? s.charAt(pos) : '\0';
    }

    void skipSpace() {
      while (pos < s.length()) {
        char c = s.charAt(pos);
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
          return;
        }
        pos++;
      }
    }

    IllegalArgumentException error(String problem) {
      return new IllegalArgumentException(problem + " at offset " + pos);
    }
  }
}
