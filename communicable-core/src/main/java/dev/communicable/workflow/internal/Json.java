package dev.communicable.workflow.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.core.util.Separators.Spacing;
import dev.communicable.InvalidRequestException;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Reads and writes the JSON of workflow definitions with jackson-core's streaming parser and
 * generator (no data binding). Reading gives objects as insertion-ordered maps (a key given twice
 * is an error), arrays as lists, numbers as {@link BigDecimal}, strings, booleans and null, nested
 * at most {@link #MAX_DEPTH} levels. Writing indents by two spaces and puts an array of plain
 * values on one line.
 */
public final class Json {
  /** The deepest nesting of arrays and objects read. */
  public static final int MAX_DEPTH = 32;

  /** Thread-safe once built; parsers and generators are made per call. */
  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
          .build();

  private Json() {}

  /**
   * Reads one JSON value.
   *
   * @throws InvalidRequestException naming the field {@code json}, with the line and column of the
   *     problem, when the text is not one well-formed JSON value
   */
  public static @Nullable Object read(String text) {
    try (JsonParser p = FACTORY.createParser(text)) {
      try {
        Object value = value(p, p.nextToken());
        if (!atEnd(p)) {
          throw error(p.currentTokenLocation(), "expected the end of the document");
        }
        return value;
      } catch (JsonProcessingException e) {
        JsonLocation at = e.getLocation() != null ? e.getLocation() : p.currentLocation();
        boolean tooDeep =
            e instanceof StreamConstraintsException
                && p.getParsingContext().getNestingDepth() > MAX_DEPTH;
        throw error(
            at, tooDeep ? "nested deeper than " + MAX_DEPTH + " levels" : e.getOriginalMessage());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not thrown: the text is in memory
    }
  }

  private static @Nullable Object value(JsonParser p, @Nullable JsonToken token)
      throws IOException {
    if (token == null) {
      throw error(p.currentLocation(), "expected a value");
    }
    switch (token) {
      case START_OBJECT -> {
        Map<String, @Nullable Object> map = new LinkedHashMap<>();
        for (String key = p.nextFieldName(); key != null; key = p.nextFieldName()) {
          map.put(key, value(p, p.nextToken()));
        }
        return Collections.unmodifiableMap(map);
      }
      case START_ARRAY -> {
        List<@Nullable Object> list = new ArrayList<>();
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
          list.add(value(p, t));
        }
        return Collections.unmodifiableList(list);
      }
      case VALUE_STRING -> {
        return p.getText();
      }
      case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
        try {
          return p.getDecimalValue();
        } catch (NumberFormatException e) {
          throw error(p.currentTokenLocation(), "the number is out of range");
        }
      }
      case VALUE_TRUE -> {
        return Boolean.TRUE;
      }
      case VALUE_FALSE -> {
        return Boolean.FALSE;
      }
      case VALUE_NULL -> {
        return null;
      }
      default -> throw new IllegalStateException("unexpected " + token); // the parser ensures this
    }
  }

  /** Whether nothing but white space follows the value read. */
  private static boolean atEnd(JsonParser p) throws IOException {
    try {
      return p.nextToken() == null;
    } catch (JsonProcessingException notJson) {
      return false;
    }
  }

  private static InvalidRequestException error(JsonLocation at, String problem) {
    return new InvalidRequestException(
        "json", "at line " + at.getLineNr() + ", column " + at.getColumnNr() + ": " + problem);
  }

  /** Writes {@code value} (maps, lists, strings, numbers, booleans, null), indented by two. */
  public static String write(@Nullable Object value) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      g.setPrettyPrinter(new Printer());
      write(g, value);
    } catch (IOException e) {
      throw new UncheckedIOException(e); // not thrown: a StringWriter does no I/O
    }
    return out.append('\n').toString();
  }

  private static void write(JsonGenerator g, @Nullable Object value) throws IOException {
    if (value == null) {
      g.writeNull();
    } else if (value instanceof String s) {
      g.writeString(s);
    } else if (value instanceof Boolean b) {
      g.writeBoolean(b);
    } else if (value instanceof Number n) {
      g.writeNumber(n.toString());
    } else if (value instanceof Map<?, ?> map) {
      g.writeStartObject();
      for (Map.Entry<?, ?> e : map.entrySet()) {
        g.writeFieldName(String.valueOf(e.getKey()));
        write(g, e.getValue());
      }
      g.writeEndObject();
    } else if (value instanceof List<?> list) {
      ((Printer) g.getPrettyPrinter()).nextOnOneLine =
          list.stream().noneMatch(v -> v instanceof Map || v instanceof List);
      g.writeStartArray();
      for (Object v : list) {
        write(g, v);
      }
      g.writeEndArray();
    } else {
      throw new IllegalArgumentException("not a JSON value: " + value.getClass().getName());
    }
  }

  /**
   * Jackson's pretty printer in the layout of workflow files: two spaces of indent and {@code \n},
   * {@code "key": value}, {@code {}} and {@code []} when empty, and an array of plain values on one
   * line, as {@code ["email", "sms"]}. It keeps the state of one document: one per write.
   */
  private static final class Printer extends DefaultPrettyPrinter {
    private static final DefaultIndenter INDENT = new DefaultIndenter("  ", "\n");

    /** Set before each array is started: whether it holds no arrays and no objects. */
    boolean nextOnOneLine;

    private boolean onOneLine;

    Printer() {
      super(
          Separators.createDefaultInstance()
              .withObjectFieldValueSpacing(Spacing.AFTER)
              .withArrayValueSpacing(Spacing.NONE)
              .withObjectEmptySeparator("")
              .withArrayEmptySeparator(""));
      indentObjectsWith(INDENT);
      indentArraysWith(INDENT);
    }

    @Override
    public DefaultPrettyPrinter createInstance() {
      return new Printer();
    }

    // Called after the separator before the array, so that one is still the enclosing array's.
    @Override
    public void writeStartArray(JsonGenerator g) throws IOException {
      onOneLine = nextOnOneLine;
      if (onOneLine) {
        g.writeRaw('[');
      } else {
        super.writeStartArray(g);
      }
    }

    @Override
    public void beforeArrayValues(JsonGenerator g) throws IOException {
      if (!onOneLine) {
        super.beforeArrayValues(g);
      }
    }

    @Override
    public void writeArrayValueSeparator(JsonGenerator g) throws IOException {
      if (onOneLine) {
        g.writeRaw(", ");
      } else {
        super.writeArrayValueSeparator(g);
      }
    }

    // An array on one line holds no arrays, so the enclosing one, if any, is not on one line.
    @Override
    public void writeEndArray(JsonGenerator g, int values) throws IOException {
      if (onOneLine) {
        g.writeRaw(']');
        onOneLine = false;
      } else {
        super.writeEndArray(g, values);
      }
    }
  }
}
