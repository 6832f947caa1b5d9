package dev.communicable.spi;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * Something that happened, published on the {@link EventBus} so that listeners on every node see
 * it: a delivery changed state, an inbox item arrived or was read, a template was published,
 * preferences changed. Flat by design so it crosses process boundaries as simple JSON.
 *
 * @param type what happened, one of the constants here or a plugin's own
 * @param tenantId the tenant
 * @param attributes the ids and values that describe it ({@code "deliveryId"}, {@code "state"},
 *     {@code "recipientId"}...)
 * @param at when
 */
public record CommunicationEvent(
    String type, String tenantId, Map<String, String> attributes, Instant at) {

  /** A delivery changed state; attributes deliveryId, messageId, channel, from, to. */
  public static final String DELIVERY_STATE_CHANGED = "delivery.state_changed";

  /** An in-app item arrived; attributes recipientId, deliveryId, messageId. */
  public static final String INBOX_ITEM_ADDED = "inbox.item_added";

  /** An in-app item was read; attributes recipientId, deliveryId. */
  public static final String INBOX_ITEM_READ = "inbox.item_read";

  /** A template version was published or activated; attributes templateId, version. */
  public static final String TEMPLATE_CHANGED = "template.changed";

  /** A workflow version was published or activated; attributes workflowId, version. */
  public static final String WORKFLOW_CHANGED = "workflow.changed";

  /** A recipient's preferences changed; attributes recipientId. */
  public static final String PREFERENCES_CHANGED = "preferences.changed";

  public CommunicationEvent {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(tenantId, "tenantId");
    attributes = Map.copyOf(Objects.requireNonNull(attributes, "attributes"));
    Objects.requireNonNull(at, "at");
  }
}
