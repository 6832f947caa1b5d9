package dev.communicable.delivery;

import dev.communicable.Arguments;
import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.MessageId;
import dev.communicable.Priority;
import dev.communicable.Recipient;
import dev.communicable.schedule.SendWindow;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * @param templateVersion the version of the template that was active when the message was accepted,
 *     which every delivery of the message renders whatever is published or rolled back later; null
 *     with inline content, and for a message stored before versions were recorded (its deliveries
 *     render the active version)
 * @param content inline content, or null with a template
 * @param data template variables: strings, numbers, booleans, lists and maps of those
 * @param metadata channel options (unsubscribe URL, reply-to, headers), and under keys starting
 *     with {@value #RESERVED_METADATA_PREFIX} the library's own settings of the message, such as
 *     its {@linkplain #window() send window} (never passed on to adapters)
 * @param priority how urgent
 * @param idempotencyKey the caller's key, or null
 * @param recipients who it is for
 * @param createdAt when it was accepted
 * @param sendAt when its first deliveries are due
 * @param expiresAt after this nothing more is sent; null for never
 * @param contentDigest a digest of what was accepted (event, topic, template, content, data,
 *     metadata, recipients, priority, requested send time), so that a later send under the same
 *     idempotency key can tell whether it asked for the same; null without an idempotency key
 *     (nothing can repeat it) or when not recorded
 */
public record Message(
    MessageId id,
    String tenantId,
    String event,
    String topic,
    @Nullable String senderId,
    @Nullable String templateId,
    @Nullable Integer templateVersion,
    @Nullable Content content,
    Map<String, Object> data,
    Map<String, String> metadata,
    Priority priority,
    @Nullable String idempotencyKey,
    List<Recipient> recipients,
    Instant createdAt,
    Instant sendAt,
    @Nullable Instant expiresAt,
    @Nullable String contentDigest) {

  /** Metadata keys starting with this are the library's own; a notification cannot set them. */
  public static final String RESERVED_METADATA_PREFIX = "communicable.";

  /** The metadata key under which a message's send window is stored, in its text form. */
  public static final String WINDOW_KEY = RESERVED_METADATA_PREFIX + "window";

  /**
   * @throws dev.communicable.InvalidRequestException naming the first required component that is
   *     null
   */
  public Message {
    Arguments.notNull("id", id);
    Arguments.notNull("tenantId", tenantId);
    Arguments.notNull("event", event);
    Arguments.notNull("topic", topic);
    if (templateVersion != null) {
      Arguments.positive("templateVersion", templateVersion);
      if (templateId == null) {
        throw new InvalidRequestException("templateVersion", "is set but templateId is not");
      }
    }
    data = Map.copyOf(Arguments.notNull("data", data));
    metadata = Map.copyOf(Arguments.notNull("metadata", metadata));
    Arguments.notNull("priority", priority);
    recipients = List.copyOf(Arguments.notNull("recipients", recipients));
    Arguments.notNull("createdAt", createdAt);
    Arguments.notNull("sendAt", sendAt);
  }

  /**
   * The window its deliveries go out in (see {@code Notification.Builder#window}), read from the
   * metadata key {@value #WINDOW_KEY}; empty when it has none.
   *
   * @throws InvalidRequestException when the stored text is not a window
   */
  public Optional<SendWindow> window() {
    String text = metadata.get(WINDOW_KEY);
    return text == null ? Optional.empty() : Optional.of(SendWindow.parse(text));
  }

  /** The metadata an adapter is given: the message's own, without the library's reserved keys. */
  public Map<String, String> channelMetadata() {
    if (metadata.keySet().stream().noneMatch(k -> k.startsWith(RESERVED_METADATA_PREFIX))) {
      return metadata;
    }
    Map<String, String> options = new java.util.LinkedHashMap<>();
    metadata.forEach(
        (k, v) -> {
          if (!k.startsWith(RESERVED_METADATA_PREFIX)) {
            options.put(k, v);
          }
        });
    return Map.copyOf(options);
  }

  /** A builder for a message; each setter says its default, if it has one. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Builds a {@link Message}. {@link #build()} checks every required part and names the first one
   * missing in its {@link dev.communicable.InvalidRequestException}.
   */
  public static final class Builder {
    private @Nullable MessageId id;
    private @Nullable String tenantId;
    private @Nullable String event;
    private @Nullable String topic;
    private @Nullable String senderId;
    private @Nullable String templateId;
    private @Nullable Integer templateVersion;
    private @Nullable Content content;
    private Map<String, Object> data = Map.of();
    private Map<String, String> metadata = Map.of();
    private Priority priority = Priority.NORMAL;
    private @Nullable String idempotencyKey;
    private List<Recipient> recipients = List.of();
    private @Nullable Instant createdAt;
    private @Nullable Instant sendAt;
    private @Nullable Instant expiresAt;
    private @Nullable String contentDigest;

    private Builder() {}

    /** The message's id. Required. */
    public Builder id(MessageId id) {
      this.id = id;
      return this;
    }

    /** The tenant. Required. */
    public Builder tenantId(String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    /** The event that triggered it, such as {@code "invoice.paid"}. Required. */
    public Builder event(String event) {
      this.event = event;
      return this;
    }

    /** The preference topic. Defaults to the {@linkplain #event event}. */
    public Builder topic(String topic) {
      this.topic = topic;
      return this;
    }

    /** Who sent it. Defaults to null: no sender. */
    public Builder senderId(@Nullable String senderId) {
      this.senderId = senderId;
      return this;
    }

    /** The template to render. Defaults to null: inline {@linkplain #content content}. */
    public Builder templateId(@Nullable String templateId) {
      this.templateId = templateId;
      return this;
    }

    /**
     * The version of the {@linkplain #templateId template} its deliveries render: the one active
     * when the message was accepted. Defaults to null: none recorded (inline content, or a message
     * stored before versions were recorded, whose deliveries render the active version).
     */
    public Builder templateVersion(@Nullable Integer templateVersion) {
      this.templateVersion = templateVersion;
      return this;
    }

    /** Inline content. Defaults to null: a {@linkplain #templateId template}. */
    public Builder content(@Nullable Content content) {
      this.content = content;
      return this;
    }

    /** Template variables. Defaults to none. */
    public Builder data(Map<String, Object> data) {
      this.data = data;
      return this;
    }

    /** Channel options (unsubscribe URL, reply-to, headers). Defaults to none. */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata = metadata;
      return this;
    }

    /** How urgent. Defaults to {@link Priority#NORMAL}. */
    public Builder priority(Priority priority) {
      this.priority = priority;
      return this;
    }

    /** The caller's idempotency key. Defaults to null: none. */
    public Builder idempotencyKey(@Nullable String idempotencyKey) {
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    /** Who it is for. Defaults to no one. */
    public Builder recipients(List<Recipient> recipients) {
      this.recipients = recipients;
      return this;
    }

    /** When it was accepted. Required. */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /** When its first deliveries are due. Defaults to its {@linkplain #createdAt acceptance}. */
    public Builder sendAt(Instant sendAt) {
      this.sendAt = sendAt;
      return this;
    }

    /** After this nothing more is sent. Defaults to null: never. */
    public Builder expiresAt(@Nullable Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /**
     * A digest of what was accepted, compared when the idempotency key is used again. Defaults to
     * null: none recorded (a repeated key then never reports different content).
     */
    public Builder contentDigest(@Nullable String contentDigest) {
      this.contentDigest = contentDigest;
      return this;
    }

    /**
     * The message.
     *
     * @throws dev.communicable.InvalidRequestException naming the first required part that is
     *     missing
     */
    public Message build() {
      String checkedEvent = Arguments.notNull("event", event);
      return new Message(
          Arguments.notNull("id", id),
          Arguments.notNull("tenantId", tenantId),
          checkedEvent,
          topic != null ? topic : checkedEvent,
          senderId,
          templateId,
          templateVersion,
          content,
          Arguments.notNull("data", data),
          Arguments.notNull("metadata", metadata),
          Arguments.notNull("priority", priority),
          idempotencyKey,
          Arguments.notNull("recipients", recipients),
          Arguments.notNull("createdAt", createdAt),
          sendAt != null ? sendAt : Arguments.notNull("createdAt", createdAt),
          expiresAt,
          contentDigest);
    }
  }
}
