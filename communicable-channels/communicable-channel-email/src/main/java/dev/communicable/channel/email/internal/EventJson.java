package dev.communicable.channel.email.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.communicable.InvalidRequestException;
import java.io.IOException;
import java.util.Optional;

/** Reading of providers' event webhook bodies, with errors naming the field. */
public final class EventJson {
  /** The longest reason kept from an event; SMTP replies can run long. */
  public static final int MAX_REASON_CHARS = 500;

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private EventJson() {}

  /**
   * The JSON value of {@code body}.
   *
   * @throws InvalidRequestException on {@code field} when the body is empty or not JSON
   */
  public static JsonNode read(String field, byte[] body) {
    if (body.length == 0) {
      throw new InvalidRequestException(field, "is empty");
    }
    try {
      JsonNode node = JSON.readTree(body);
      if (node == null || node.isMissingNode()) {
        throw new InvalidRequestException(field, "is not JSON");
      }
      return node;
    } catch (IOException e) {
      throw new InvalidRequestException(field, "is not JSON");
    }
  }

  /**
   * The text of scalar member {@code name}, stripped; empty when absent, null, blank or not a
   * scalar.
   */
  public static Optional<String> text(JsonNode node, String name) {
    JsonNode value = node.get(name);
    if (value == null || !value.isValueNode() || value.isNull()) {
      return Optional.empty();
    }
    String text = value.asText().strip();
    return text.isEmpty() ? Optional.empty() : Optional.of(text);
  }

  /**
   * The text of scalar member {@code name}.
   *
   * @throws InvalidRequestException on {@code field} when it is absent, blank or not a scalar
   */
  public static String requiredText(JsonNode node, String name, String field) {
    return text(node, name)
        .orElseThrow(() -> new InvalidRequestException(field, "is missing from the event"));
  }

  /** {@code text} cut to {@link #MAX_REASON_CHARS}. */
  public static String clip(String text) {
    return text.length() <= MAX_REASON_CHARS ? text : text.substring(0, MAX_REASON_CHARS) + "...";
  }
}
