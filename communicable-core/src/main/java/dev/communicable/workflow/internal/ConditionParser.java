package dev.communicable.workflow.internal;

import dev.communicable.InvalidRequestException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The parser and evaluator of the workflow condition language (documented on {@code
 * dev.communicable.workflow.Condition} and in docs/workflow-conditions.md). A condition is parsed
 * once into a tree of nodes; testing it walks the tree over the variables and never throws.
 *
 * <pre>
 * condition  := or
 * or         := and (("or" | "||") and)*
 * and        := unary (("and" | "&amp;&amp;") unary)*
 * unary      := ("not" | "!") unary | comparison
 * comparison := operand [ ("==" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;=") operand
 *                       | ["not"] "in" operand | "contains" operand ]
 * operand    := string | number | "true" | "false" | "null" | list | path
 *             | "exists" "(" path ")" | "(" condition ")"
 * list       := "[" [ literal ("," literal)* ] "]"
 * path       := name ("." segment)*
 * </pre>
 */
public final class ConditionParser {
  /** The longest condition text, in characters. */
  public static final int MAX_LENGTH = 2000;

  /** The deepest nesting of parentheses and negations. */
  public static final int MAX_DEPTH = 32;

  /** The most elements of a list literal. */
  public static final int MAX_LIST_SIZE = 100;

  /** The most segments of a path. */
  public static final int MAX_PATH_SEGMENTS = 16;

  private final String text;
  private final List<Token> tokens;
  private int next;
  private int depth;

  private ConditionParser(String text) {
    this.text = text;
    this.tokens = new Lexer(text).tokens();
  }

  /**
   * Parses {@code text} into a predicate over the variables.
   *
   * @throws InvalidRequestException naming the field {@code condition}, with the 1-based position
   *     of the problem and what was expected there
   */
  public static Predicate<Map<String, ?>> parse(String text) {
    if (text == null) {
      throw new InvalidRequestException("condition", "must not be null");
    }
    if (text.isBlank()) {
      throw new InvalidRequestException("condition", "must not be blank");
    }
    if (text.length() > MAX_LENGTH) {
      throw new InvalidRequestException(
          "condition",
          "must be at most " + MAX_LENGTH + " characters, was " + text.length() + " characters");
    }
    ConditionParser parser = new ConditionParser(text);
    Node root = parser.or();
    Token end = parser.peek();
    if (end.kind != Kind.END) {
      throw parser.error(end, "expected 'and', 'or' or the end of the condition");
    }
    return variables -> Boolean.TRUE.equals(root.eval(variables == null ? Map.of() : variables));
  }

  // ---------------------------------------------------------------- grammar

  private Node or() {
    List<Node> terms = new ArrayList<>();
    terms.add(and());
    while (peekWord("or") || peekSymbol("||")) {
      next++;
      terms.add(and());
    }
    return terms.size() == 1 ? terms.get(0) : new Or(terms);
  }

  private Node and() {
    List<Node> terms = new ArrayList<>();
    terms.add(unary());
    while (peekWord("and") || peekSymbol("&&")) {
      next++;
      terms.add(unary());
    }
    return terms.size() == 1 ? terms.get(0) : new And(terms);
  }

  private Node unary() {
    if (peekWord("not") || peekSymbol("!")) {
      Token not = tokens.get(next++);
      enter(not);
      Node operand = unary();
      depth--;
      return new Not(operand);
    }
    return comparison();
  }

  private Node comparison() {
    Node left = operand();
    Token t = peek();
    if (t.kind == Kind.SYMBOL && Compare.OPERATORS.contains(t.text)) {
      next++;
      return new Compare(t.text, left, operand());
    }
    if (peekWord("in")) {
      next++;
      return new In(left, operand());
    }
    if (peekWord("not")
        && next + 1 < tokens.size()
        && tokens.get(next + 1).kind == Kind.WORD
        && tokens.get(next + 1).text.equals("in")) {
      next += 2;
      return new Not(new In(left, operand()));
    }
    if (peekWord("contains")) {
      next++;
      return new Contains(left, operand());
    }
    return left;
  }

  private Node operand() {
    Token t = peek();
    switch (t.kind) {
      case STRING:
      case NUMBER:
        next++;
        return new Literal(t.value);
      case SYMBOL:
        if (t.text.equals("(")) {
          next++;
          enter(t);
          Node inner = or();
          depth--;
          expectSymbol(")", "expected ')' to close the '(' at position " + t.position);
          return inner;
        }
        if (t.text.equals("[")) {
          next++;
          return list(t);
        }
        throw error(t, "expected a value, a path, 'exists(...)', 'not' or '('");
      case WORD:
        next++;
        switch (t.text) {
          case "true":
            return new Literal(Boolean.TRUE);
          case "false":
            return new Literal(Boolean.FALSE);
          case "null":
            return new Literal(null);
          case "exists":
            expectSymbol("(", "expected '(' after 'exists'");
            Token p = peek();
            if (p.kind != Kind.PATH && p.kind != Kind.WORD) {
              throw error(p, "expected a path inside 'exists(...)'");
            }
            next++;
            Node path = path(p);
            expectSymbol(")", "expected ')' to close 'exists('");
            return new Exists(path);
          case "and":
          case "or":
          case "not":
          case "in":
          case "contains":
            throw error(t, "expected a value or a path, but '" + t.text + "' is an operator");
          default:
            return path(t);
        }
      case PATH:
        next++;
        return path(t);
      case END:
      default:
        throw error(t, "expected a value, a path, 'exists(...)', 'not' or '('");
    }
  }

  private Node path(Token t) {
    String[] segments = t.text.split("\\.", -1);
    if (segments.length > MAX_PATH_SEGMENTS) {
      throw error(t, "a path has at most " + MAX_PATH_SEGMENTS + " segments");
    }
    return new Path(segments);
  }

  private Node list(Token open) {
    List<@Nullable Object> values = new ArrayList<>();
    if (peekSymbol("]")) {
      next++;
      return new Literal(values);
    }
    while (true) {
      Token t = peek();
      Object value;
      if (t.kind == Kind.STRING || t.kind == Kind.NUMBER) {
        value = t.value;
      } else if (t.kind == Kind.WORD && t.text.equals("true")) {
        value = Boolean.TRUE;
      } else if (t.kind == Kind.WORD && t.text.equals("false")) {
        value = Boolean.FALSE;
      } else if (t.kind == Kind.WORD && t.text.equals("null")) {
        value = null;
      } else {
        throw error(t, "expected a string, number, true, false or null in the list");
      }
      next++;
      if (values.size() == MAX_LIST_SIZE) {
        throw error(t, "a list holds at most " + MAX_LIST_SIZE + " values");
      }
      values.add(value);
      Token after = peek();
      if (after.kind == Kind.SYMBOL && after.text.equals(",")) {
        next++;
      } else if (after.kind == Kind.SYMBOL && after.text.equals("]")) {
        next++;
        return new Literal(values);
      } else {
        throw error(
            after, "expected ',' or ']' to close the list opened at position " + open.position);
      }
    }
  }

  private void enter(Token t) {
    if (++depth > MAX_DEPTH) {
      throw error(t, "nested deeper than " + MAX_DEPTH + " levels");
    }
  }

  private Token peek() {
    return tokens.get(next);
  }

  private boolean peekWord(String word) {
    Token t = peek();
    return t.kind == Kind.WORD && t.text.equals(word);
  }

  private boolean peekSymbol(String symbol) {
    Token t = peek();
    return t.kind == Kind.SYMBOL && t.text.equals(symbol);
  }

  private void expectSymbol(String symbol, String expected) {
    if (!peekSymbol(symbol)) {
      throw error(peek(), expected);
    }
    next++;
  }

  private InvalidRequestException error(Token at, String expected) {
    return error(at.position, expected + ", found " + at.describe());
  }

  private static InvalidRequestException error(int position, String problem) {
    return new InvalidRequestException("condition", "at position " + position + ": " + problem);
  }

  // ---------------------------------------------------------------- tokens

  private enum Kind {
    STRING,
    NUMBER,
    WORD,
    PATH,
    SYMBOL,
    END
  }

  private static final class Token {
    final Kind kind;
    final String text;
    final @Nullable Object value;
    final int position;

    Token(Kind kind, String text, @Nullable Object value, int position) {
      this.kind = kind;
      this.text = text;
      this.value = value;
      this.position = position;
    }

    String describe() {
      switch (kind) {
        case END:
          return "the end of the condition";
        case STRING:
          return "the string " + text;
        case NUMBER:
          return "the number " + text;
        default:
          return "'" + text + "'";
      }
    }
  }

  private static final class Lexer {
    private final String s;
    private int i;

    Lexer(String s) {
      this.s = s;
    }

    List<Token> tokens() {
      List<Token> out = new ArrayList<>();
      while (true) {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
          i++;
        }
        if (i >= s.length()) {
          out.add(new Token(Kind.END, "", null, s.length() + 1));
          return out;
        }
        out.add(token());
      }
    }

    private Token token() {
      int start = i;
      char c = s.charAt(i);
      if (c == '"' || c == '\'') {
        return string(c);
      }
      if (isDigit(c) || (c == '-' && i + 1 < s.length() && isDigit(s.charAt(i + 1)))) {
        return number();
      }
      if (isNameStart(c)) {
        return word();
      }
      for (String symbol : List.of("==", "!=", "<=", ">=", "&&", "||")) {
        if (s.startsWith(symbol, i)) {
          i += 2;
          return new Token(Kind.SYMBOL, symbol, null, start + 1);
        }
      }
      if ("<>!()[],".indexOf(c) >= 0) {
        i++;
        return new Token(Kind.SYMBOL, String.valueOf(c), null, start + 1);
      }
      if (c == '=') {
        throw error(start + 1, "unexpected '=', use '==' to compare");
      }
      if (c == '&' || c == '|') {
        throw error(start + 1, "unexpected '" + c + "', use '" + c + c + "' or a word operator");
      }
      throw error(
          start + 1,
          "unexpected character "
              + (Character.isISOControl(c)
                  ? String.format("U+%04X", (int) c)
                  : "'" + new String(Character.toChars(s.codePointAt(i))) + "'"));
    }

    private Token string(char quote) {
      int start = i;
      i++;
      StringBuilder value = new StringBuilder();
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == quote) {
          return new Token(Kind.STRING, s.substring(start, i), value.toString(), start + 1);
        }
        if (c == '\\') {
          if (i >= s.length()) {
            break;
          }
          char e = s.charAt(i++);
          switch (e) {
            case '"', '\'', '\\' -> value.append(e);
            case 'n' -> value.append('\n');
            case 't' -> value.append('\t');
            case 'r' -> value.append('\r');
            case 'u' -> {
              if (i + 4 > s.length()) {
                throw error(i - 1, "expected 4 hex digits after '\\u'");
              }
              try {
                value.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
              } catch (NumberFormatException notHex) {
                throw error(i - 1, "expected 4 hex digits after '\\u'");
              }
              i += 4;
            }
            default ->
                throw error(
                    i - 1,
                    "unknown escape '\\" + e + "', expected one of \\\" \\' \\\\ \\n \\t \\r \\u");
          }
        } else {
          value.append(c);
        }
      }
      throw error(start + 1, "the string is not closed, expected " + quote);
    }

    private Token number() {
      int start = i;
      if (s.charAt(i) == '-') {
        i++;
      }
      digits();
      if (i + 1 < s.length() && s.charAt(i) == '.' && isDigit(s.charAt(i + 1))) {
        i++;
        digits();
      }
      if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
        int mark = i;
        i++;
        if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
          i++;
        }
        if (i < s.length() && isDigit(s.charAt(i))) {
          digits();
        } else {
          throw error(mark + 1, "expected digits after the exponent");
        }
      }
      if (i < s.length() && isNameStart(s.charAt(i))) {
        throw error(i + 1, "expected an operator or a space after the number");
      }
      String text = s.substring(start, i);
      BigDecimal value;
      try {
        value = new BigDecimal(text);
      } catch (NumberFormatException | ArithmeticException e) {
        throw error(start + 1, "not a number: " + text);
      }
      if (Math.abs((long) value.scale()) > 1000) {
        throw error(start + 1, "the exponent is out of range");
      }
      return new Token(Kind.NUMBER, text, value, start + 1);
    }

    private void digits() {
      while (i < s.length() && isDigit(s.charAt(i))) {
        i++;
      }
    }

    private Token word() {
      int start = i;
      segment();
      boolean path = false;
      while (i + 1 < s.length() && s.charAt(i) == '.' && isSegmentChar(s.charAt(i + 1))) {
        i++;
        segment();
        path = true;
      }
      if (i < s.length() && s.charAt(i) == '.') {
        throw error(i + 2, "expected a name after '.'");
      }
      String text = s.substring(start, i);
      return new Token(path ? Kind.PATH : Kind.WORD, text, null, start + 1);
    }

    private void segment() {
      while (i < s.length() && isSegmentChar(s.charAt(i))) {
        i++;
      }
    }

    private static boolean isDigit(char c) {
      return c >= '0' && c <= '9';
    }

    private static boolean isNameStart(char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
    }

    private static boolean isSegmentChar(char c) {
      return isNameStart(c) || isDigit(c) || c == '-';
    }
  }

  // ---------------------------------------------------------------- evaluation

  private interface Node {
    @Nullable Object eval(Map<String, ?> variables);
  }

  private record Literal(@Nullable Object value) implements Node {
    @Override
    public @Nullable Object eval(Map<String, ?> variables) {
      return value;
    }
  }

  private record Path(String[] segments) implements Node {
    @Override
    public @Nullable Object eval(Map<String, ?> variables) {
      Object current = variables.get(segments[0]);
      for (int k = 1; k < segments.length && current != null; k++) {
        current = child(current, segments[k]);
      }
      return normalize(current);
    }

    private static @Nullable Object child(Object parent, String segment) {
      if (parent instanceof Map<?, ?> map) {
        return map.get(segment);
      }
      if (parent instanceof List<?> list
          && segment.chars().allMatch(ch -> ch >= '0' && ch <= '9')) {
        if (segment.length() > 9) {
          return null;
        }
        int index = Integer.parseInt(segment);
        return index < list.size() ? list.get(index) : null;
      }
      return null;
    }
  }

  private record Exists(Node path) implements Node {
    @Override
    public Object eval(Map<String, ?> variables) {
      return path.eval(variables) != null;
    }
  }

  private record Not(Node operand) implements Node {
    @Override
    public Object eval(Map<String, ?> variables) {
      return !Boolean.TRUE.equals(operand.eval(variables));
    }
  }

  private record And(List<Node> terms) implements Node {
    @Override
    public Object eval(Map<String, ?> variables) {
      for (Node term : terms) {
        if (!Boolean.TRUE.equals(term.eval(variables))) {
          return false;
        }
      }
      return true;
    }
  }

  private record Or(List<Node> terms) implements Node {
    @Override
    public Object eval(Map<String, ?> variables) {
      for (Node term : terms) {
        if (Boolean.TRUE.equals(term.eval(variables))) {
          return true;
        }
      }
      return false;
    }
  }

  private record Compare(String operator, Node left, Node right) implements Node {
    static final List<String> OPERATORS = List.of("==", "!=", "<", "<=", ">", ">=");

    @Override
    public Object eval(Map<String, ?> variables) {
      Object l = left.eval(variables);
      Object r = right.eval(variables);
      switch (operator) {
        case "==":
          return same(l, r);
        case "!=":
          return !same(l, r);
        default:
          Integer order = order(l, r);
          if (order == null) {
            return false;
          }
          return switch (operator) {
            case "<" -> order < 0;
            case "<=" -> order <= 0;
            case ">" -> order > 0;
            default -> order >= 0;
          };
      }
    }
  }

  private record In(Node element, Node container) implements Node {
    @Override
    public Object eval(Map<String, ?> variables) {
      return contains(container.eval(variables), element.eval(variables));
    }
  }

  private record Contains(Node container, Node element) implements Node {
    @Override
    public Object eval(Map<String, ?> variables) {
      return contains(container.eval(variables), element.eval(variables));
    }
  }

  // ---------------------------------------------------------------- values

  /** Numbers become BigDecimal, collections lists, other non-JSON values their string form. */
  private static @Nullable Object normalize(@Nullable Object value) {
    if (value == null
        || value instanceof String
        || value instanceof Boolean
        || value instanceof BigDecimal
        || value instanceof Map<?, ?>
        || value instanceof List<?>) {
      return value;
    }
    if (value instanceof Number n) {
      return number(n);
    }
    if (value instanceof Collection<?> c) {
      return new ArrayList<>(c);
    }
    if (value instanceof Enum<?> e) {
      return e.name();
    }
    if (value instanceof Locale locale) {
      return locale.toLanguageTag();
    }
    return value.toString();
  }

  private static @Nullable BigDecimal number(Number n) {
    if (n instanceof BigDecimal d) {
      return d;
    }
    if (n instanceof BigInteger b) {
      return new BigDecimal(b);
    }
    if (n instanceof Double || n instanceof Float) {
      double d = n.doubleValue();
      return Double.isFinite(d) ? BigDecimal.valueOf(d) : null;
    }
    if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return BigDecimal.valueOf(n.longValue());
    }
    try {
      return new BigDecimal(n.toString());
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static boolean same(@Nullable Object a, @Nullable Object b) {
    a = normalize(a);
    b = normalize(b);
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y) == 0;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int k = 0; k < x.size(); k++) {
        if (!same(x.get(k), y.get(k))) {
          return false;
        }
      }
      return true;
    }
    return Objects.equals(a, b);
  }

  private static @Nullable Integer order(@Nullable Object a, @Nullable Object b) {
    if (a instanceof BigDecimal x && b instanceof BigDecimal y) {
      return x.compareTo(y);
    }
    if (a instanceof String x && b instanceof String y) {
      return x.compareTo(y);
    }
    return null;
  }

  private static boolean contains(@Nullable Object container, @Nullable Object element) {
    if (container instanceof List<?> list) {
      for (Object item : list) {
        if (same(item, element)) {
          return true;
        }
      }
      return false;
    }
    if (container instanceof String s && element instanceof String e) {
      return s.contains(e);
    }
    return false;
  }
}
