package dev.communicable.delivery;

import dev.communicable.Content;
import dev.communicable.MessageId;
import dev.communicable.Priority;
import dev.communicable.Recipient;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An accepted notification as stored: what to say (a template or inline content plus data) and to
 * whom. Its deliveries say on which channels and how far each got.
 *
 * @param id the message
 * @param tenantId the tenant
 * @param event the event that triggered it, such as {@code "invoice.paid"}
 * @param topic the preference topic (defaults to the event)
 * @param senderId who sent it, for permission checks and messaging; may be null
 * @param templateId the template to render, or null with inline content
 * @param content inline content, or null with a template
 * @param data template variables: strings, numbers, booleans, lists and maps of those
 * @param metadata channel options (unsubscribe URL, reply-to, headers)
 * @param priority how urgent
 * @param idempotencyKey the caller's key, or null
 * @param recipients who it is for
 * @param createdAt when it was accepted
 * @param sendAt when its first deliveries are due
 * @param expiresAt after this nothing more is sent; null for never
 */
public record Message(
    MessageId id,
    String tenantId,
    String event,
    String topic,
    @Nullable String senderId,
    @Nullable String templateId,
    @Nullable Content content,
    Map<String, Object> data,
    Map<String, String> metadata,
    Priority priority,
    @Nullable String idempotencyKey,
    List<Recipient> recipients,
    Instant createdAt,
    Instant sendAt,
    @Nullable Instant expiresAt) {

  public Message {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(topic, "topic");
    data = Map.copyOf(Objects.requireNonNull(data, "data"));
    metadata = Map.copyOf(Objects.requireNonNull(metadata, "metadata"));
    Objects.requireNonNull(priority, "priority");
    recipients = List.copyOf(Objects.requireNonNull(recipients, "recipients"));
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(sendAt, "sendAt");
  }
}
