package dev.communicable.channel.webhook.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.communicable.InvalidRequestException;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The one Jackson mapper of this module, and checks built on it. */
final class Json {
  static final ObjectMapper MAPPER =
      JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

  private Json() {}

  /**
   * Parses a caller's JSON document.
   *
   * @throws InvalidRequestException naming {@code field} when it is not one valid JSON value
   */
  static JsonNode parse(String field, String json) {
    try {
      JsonNode node = MAPPER.readTree(json);
      if (node == null || node.isMissingNode()) {
        throw new InvalidRequestException(field, "is empty, expected a JSON document");
      }
      return node;
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException(
          field,
          "not valid JSON (line "
              + e.getLocation().getLineNr()
              + ", column "
              + e.getLocation().getColumnNr()
              + ": "
              + e.getOriginalMessage()
              + ")");
    }
  }

  /** Parses a provider's answer, or empty when it is not JSON. */
  static Optional<JsonNode> tryParse(@Nullable String text) {
    if (text == null || text.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.ofNullable(MAPPER.readTree(text));
    } catch (JsonProcessingException e) {
      return Optional.empty();
    }
  }

  /**
   * Serializes a value built by an adapter.
   *
   * @throws InvalidRequestException naming {@code field} when a value cannot be written as JSON
   */
  static byte[] write(String field, Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new InvalidRequestException(
          field, "cannot be written as JSON: " + e.getOriginalMessage());
    }
  }
}
