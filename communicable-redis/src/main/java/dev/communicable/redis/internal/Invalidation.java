package dev.communicable.redis.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A cache invalidation sent to every node: which node sent it, what kind of entry, and its tenant
 * and id ({@code {"origin":..., "kind":"template", "tenantId":..., "id":...}}).
 *
 * @param origin the sending node, which has invalidated its own cache already
 * @param kind {@link #TEMPLATE} or {@link #PREFERENCES}
 * @param tenantId the tenant
 * @param id the template id or the recipient id
 */
public record Invalidation(String origin, String kind, String tenantId, String id) {
  public static final String TEMPLATE = "template";
  public static final String PREFERENCES = "preferences";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  /** As JSON. */
  public String toJson() {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("origin", origin).put("kind", kind).put("tenantId", tenantId).put("id", id);
    return root.toString();
  }

  /**
   * From JSON.
   *
   * @throws IllegalArgumentException when {@code json} is not an invalidation
   */
  public static Invalidation fromJson(String json) {
    try {
      JsonNode root = MAPPER.readTree(json);
      if (root == null || !root.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      return new Invalidation(
          text(root, "origin"), text(root, "kind"), text(root, "tenantId"), text(root, "id"));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
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
