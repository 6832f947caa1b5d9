package dev.communicable.redis.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.communicable.spi.CommunicationEvent;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Map;

/**
 * A {@link CommunicationEvent} as flat JSON: {@code {"type":..., "tenantId":...,
 * "attributes":{...}, "at":"2025-03-14T09:30:00Z"}}. Fields this version does not know are ignored,
 * so nodes of different versions can share a channel.
 */
public final class EventJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private EventJson() {}

  /** The event as JSON. */
  public static String write(CommunicationEvent event) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("type", event.type());
    root.put("tenantId", event.tenantId());
    ObjectNode attributes = root.putObject("attributes");
    event.attributes().forEach(attributes::put);
    root.put("at", event.at().toString());
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of strings always serialises", e);
    }
  }

  /**
   * The event in {@code json}.
   *
   * @throws IllegalArgumentException when it is not an event
   */
  public static CommunicationEvent read(String json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    Map<String, String> attributes = new HashMap<>();
    JsonNode attrs = root.path("attributes");
    if (!attrs.isMissingNode() && !attrs.isObject()) {
      throw new IllegalArgumentException("attributes: not an object");
    }
    for (Map.Entry<String, JsonNode> f : attrs.properties()) {
      if (!f.getValue().isTextual()) {
        throw new IllegalArgumentException("attributes." + f.getKey() + ": not a string");
      }
      attributes.put(f.getKey(), f.getValue().textValue());
    }
    try {
      return new CommunicationEvent(
          text(root, "type"), text(root, "tenantId"), attributes, Instant.parse(text(root, "at")));
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("at: not an ISO-8601 instant", e);
    }
  }

  private static String text(JsonNode root, String field) {
    JsonNode node = root.get(field);
    if (node == null || !node.isTextual()) {
      throw new IllegalArgumentException(field + ": missing or not a string");
    }
    return node.textValue();
  }
}
