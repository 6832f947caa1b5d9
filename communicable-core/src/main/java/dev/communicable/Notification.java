package dev.communicable;

import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Message;
import dev.communicable.schedule.SendWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * A request to notify one or more recipients of an event. Built fluently and checked when built;
 * immutable.
 *
 * <pre>{@code
 * Notification n = Notification.event("invoice.paid")
 *     .to(customer)
 *     .template("invoice-paid")
 *     .data("amount", "42.00")
 *     .idempotencyKey("invoice-123-paid")
 *     .build();
 * }</pre>
 */
public final class Notification {
  /** The most recipients one notification may name. */
  public static final int MAX_RECIPIENTS = 10_000;

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

  private final String event;
  private final String topic;
  private final String tenantId;
  private final @Nullable String senderId;
  private final List<Recipient> recipients;
  private final @Nullable String templateId;
  private final @Nullable Content content;
  private final Map<String, Object> data;
  private final Map<String, String> metadata;
  private final Priority priority;
  private final @Nullable String idempotencyKey;
  private final @Nullable Instant sendAt;
  private final List<ChannelType> channels;
  private final @Nullable SendWindow window;

  private Notification(Builder b, List<Recipient> recipients, String tenantId) {
    this.event = b.event;
    this.topic = b.topic == null ? b.event : b.topic;
    this.tenantId = tenantId;
    this.senderId = b.senderId;
    this.recipients = List.copyOf(recipients);
    this.templateId = b.templateId;
    this.content = b.content;
    Map<String, Object> copy = new LinkedHashMap<>();
    b.data.forEach((k, v) -> copy.put(k, DataValues.copy(v)));
    this.data = java.util.Collections.unmodifiableMap(copy);
    this.metadata = Map.copyOf(b.metadata);
    this.priority = b.priority;
    this.idempotencyKey = b.idempotencyKey;
    this.sendAt = b.sendAt;
    this.channels = List.copyOf(b.channels);
    this.window = b.window;
  }

  /** Starts a notification of {@code event}, such as {@code "invoice.paid"}. */
  public static Builder event(String event) {
    return new Builder(event);
  }

  /** The event that triggered it. */
  public String event() {
    return event;
  }

  /** The preference topic; the event unless set. */
  public String topic() {
    return topic;
  }

  /** The tenant, shared by every recipient. */
  public String tenantId() {
    return tenantId;
  }

  /** Who sends it, if anyone in particular. */
  public Optional<String> senderId() {
    return Optional.ofNullable(senderId);
  }

  public List<Recipient> recipients() {
    return recipients;
  }

  /** The template to render, when not inline content. */
  public Optional<String> templateId() {
    return Optional.ofNullable(templateId);
  }

  /** Inline content, when not a template. */
  public Optional<Content> content() {
    return Optional.ofNullable(content);
  }

  /** Template variables, in insertion order. */
  public Map<String, Object> data() {
    return data;
  }

  /** Channel options: {@code unsubscribeUrl}, {@code replyTo}, {@code header.<Name>}. */
  public Map<String, String> metadata() {
    return metadata;
  }

  public Priority priority() {
    return priority;
  }

  public Optional<String> idempotencyKey() {
    return Optional.ofNullable(idempotencyKey);
  }

  /** When to send; empty for now. */
  public Optional<Instant> sendAt() {
    return Optional.ofNullable(sendAt);
  }

  /** Channels chosen for this notification; empty to use the policy's. */
  public List<ChannelType> channels() {
    return channels;
  }

  /**
   * The window its deliveries go out in, read in each recipient's zone; empty when they may go out
   * at any time.
   */
  public Optional<SendWindow> window() {
    return Optional.ofNullable(window);
  }

  @Override
  public String toString() {
    return "Notification[event="
        + event
        + ", tenant="
        + tenantId
        + ", recipients="
        + recipients.size()
        + ", template="
        + templateId
        + ", priority="
        + priority
        + ", idempotencyKey="
        + idempotencyKey
        + "]";
  }

  /** Builds a {@link Notification}. */
  public static final class Builder {
    private final String event;
    private @Nullable String topic;
    private @Nullable String tenantId;
    private @Nullable String senderId;
    private final List<Communicable> recipients = new ArrayList<>();
    private @Nullable String templateId;
    private @Nullable Content content;
    private final Map<String, Object> data = new LinkedHashMap<>();
    private final Map<String, String> metadata = new LinkedHashMap<>();
    private Priority priority = Priority.NORMAL;
    private @Nullable String idempotencyKey;
    private @Nullable Instant sendAt;
    private final Set<ChannelType> channels = new LinkedHashSet<>();
    private @Nullable SendWindow window;

    private Builder(String event) {
      this.event = event;
    }

    /** Adds recipients. */
    public Builder to(Communicable... recipients) {
      return to(java.util.Arrays.asList(Arguments.notNull("recipients", recipients)));
    }

    /** Adds recipients. */
    public Builder to(Collection<? extends Communicable> recipients) {
      this.recipients.addAll(Arguments.notNull("recipients", recipients));
      return this;
    }

    /**
     * The preference topic: 1 to {@value Limits#MAX_NAME_LENGTH} letters, digits or {@code . _ : /
     * -}. Default: the event name.
     */
    public Builder topic(@Nullable String topic) {
      this.topic = topic;
      return this;
    }

    /**
     * The tenant, an id (see {@link Limits}). Default: the recipients' tenant (they must all share
     * one).
     */
    public Builder tenant(@Nullable String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    /**
     * Who sends it, for the permission gate; an id (see {@link Limits}). Default: nobody in
     * particular (the system).
     */
    public Builder from(@Nullable String senderId) {
      this.senderId = senderId;
      return this;
    }

    /** Renders the template of this name (its active version). Excludes {@link #content}. */
    public Builder template(@Nullable String templateId) {
      this.templateId = templateId;
      return this;
    }

    /**
     * Sends this content, rendered with the data as a Mustache source. Excludes {@link #template}.
     */
    public Builder content(@Nullable Content content) {
      this.content = content;
      return this;
    }

    /**
     * Adds a template variable. Values are strings, numbers, booleans, or lists and maps of those;
     * keys, at any depth, follow the rules for keys and strings those for text (see {@link
     * Limits}).
     */
    public Builder data(String key, Object value) {
      data.put(key, value);
      return this;
    }

    /** Adds every entry as a template variable. */
    public Builder data(Map<String, ?> values) {
      data.putAll(Arguments.notNull("data", values));
      return this;
    }

    /**
     * Adds a channel option: {@code unsubscribeUrl} (email List-Unsubscribe), {@code replyTo},
     * {@code header.<Name>} (custom email header). The key is a key and the value text of at most
     * {@value Limits#MAX_METADATA_VALUE_LENGTH} characters (see {@link Limits}). Keys starting with
     * {@value Message#RESERVED_METADATA_PREFIX} are the library's own and refused.
     */
    public Builder metadata(String key, String value) {
      metadata.put(key, value);
      return this;
    }

    /** Default: {@link Priority#NORMAL}. */
    public Builder priority(Priority priority) {
      this.priority = priority;
      return this;
    }

    /**
     * A key unique per intended notification (such as {@code "invoice-123-paid"}): sending again
     * with the same key in the same tenant returns the first receipt ({@link Receipt#duplicate()})
     * and sends nothing. When the notification sent again asks for something else than the first
     * (another event, topic, template, content, data, metadata, recipient, priority, send time or
     * window), it is still not sent, and the receipt says so: {@link Receipt#contentDiffered()}. At
     * most {@value Limits#MAX_ID_LENGTH} characters, no control characters. Default: none.
     */
    public Builder idempotencyKey(@Nullable String key) {
      this.idempotencyKey = key;
      return this;
    }

    /**
     * Sends at this time rather than now; from {@link Limits#EARLIEST_TIME} (a past time is due at
     * once) to {@link Limits#LATEST_TIME}.
     */
    public Builder sendAt(@Nullable Instant at) {
      this.sendAt = at;
      return this;
    }

    /** The channels to use, in parallel, instead of the policy's. */
    public Builder channels(ChannelType... channels) {
      Arguments.notNull("channels", channels);
      for (int i = 0; i < channels.length; i++) {
        this.channels.add(Arguments.notNull("channels[" + i + "]", channels[i]));
      }
      return this;
    }

    /**
     * Sends only inside {@code window}, read in each recipient's own time zone: every delivery of
     * the notification (first attempts, retries, fallbacks and escalations alike) that falls due
     * outside it waits for its next opening. A CRITICAL notification waits too: the window is the
     * caller's explicit choice. Stored with the message, so it holds across restarts. Default: none
     * (any time, subject to quiet hours).
     */
    public Builder window(@Nullable SendWindow window) {
      this.window = window;
      return this;
    }

    /**
     * Checks every field and builds the notification.
     *
     * @throws InvalidRequestException naming the first field that is wrong
     */
    public Notification build() {
      requireName("event", event);
      if (topic != null) {
        requireName("topic", topic);
      }
      if (tenantId != null) {
        Arguments.id("tenant", tenantId, Limits.MAX_ID_LENGTH);
      }
      if (senderId != null) {
        Arguments.id("from", senderId, Limits.MAX_ID_LENGTH);
      }
      if (recipients.isEmpty()) {
        throw new InvalidRequestException("recipients", "must name at least one recipient");
      }
      if (recipients.size() > MAX_RECIPIENTS) {
        throw new InvalidRequestException(
            "recipients",
            "at most " + MAX_RECIPIENTS + " per notification, was " + recipients.size());
      }
      List<Recipient> snapshots = new ArrayList<>(recipients.size());
      Set<String> ids = new java.util.HashSet<>();
      for (int i = 0; i < recipients.size(); i++) {
        Recipient r = Arguments.recipient("recipients[" + i + "]", recipients.get(i));
        if (!ids.add(r.id())) {
          throw new InvalidRequestException(
              "recipients[" + i + "].id", "'" + r.id() + "' is named twice");
        }
        snapshots.add(r);
      }
      String tenant = tenantId;
      for (int i = 0; i < snapshots.size(); i++) {
        String t = snapshots.get(i).tenantId();
        if (tenant == null) {
          tenant = t;
        } else if (!tenant.equals(t)) {
          throw new InvalidRequestException(
              "recipients[" + i + "].tenantId",
              "is '" + t + "' but the notification's tenant is '" + tenant + "'");
        }
      }
      if (templateId == null && content == null) {
        throw new InvalidRequestException("template", "set a template or inline content");
      }
      if (templateId != null && content != null) {
        throw new InvalidRequestException("template", "set a template or inline content, not both");
      }
      if (templateId != null) {
        requireName("template", templateId);
      }
      if (content != null) {
        if (content.isEmpty()) {
          throw new InvalidRequestException("content", "has no part set");
        }
        checkParts("content", content);
      }
      DataValues.check("data", data);
      for (Map.Entry<String, String> e : metadata.entrySet()) {
        DataValues.key("metadata", e.getKey());
        if (e.getKey().startsWith(Message.RESERVED_METADATA_PREFIX)) {
          throw new InvalidRequestException(
              "metadata." + e.getKey(),
              "keys starting with '"
                  + Message.RESERVED_METADATA_PREFIX
                  + "' are reserved for the library");
        }
        Arguments.text("metadata." + e.getKey(), e.getValue(), Limits.MAX_METADATA_VALUE_LENGTH);
      }
      Arguments.notNull("priority", priority);
      if (idempotencyKey != null) {
        Arguments.id("idempotencyKey", idempotencyKey, Limits.MAX_ID_LENGTH);
      }
      if (sendAt != null) {
        Arguments.between("sendAt", sendAt, Limits.EARLIEST_TIME, Limits.LATEST_TIME);
      }
      return new Notification(this, snapshots, tenant);
    }

    /**
     * Checks each part of {@code content} as text of at most {@link Limits#MAX_CONTENT_PART_LENGTH}
     * characters, naming it {@code field.subject}, {@code field.text}...
     */
    static void checkParts(String field, Content content) {
      for (Content.Part part : Content.Part.values()) {
        String value = content.get(part);
        if (value != null) {
          Arguments.text(
              field + "." + part.name().toLowerCase(java.util.Locale.ROOT),
              value,
              Limits.MAX_CONTENT_PART_LENGTH);
        }
      }
    }

    private static void requireName(String field, String value) {
      if (value == null || !NAME.matcher(value).matches()) {
        throw new InvalidRequestException(
            field,
            "must be 1-128 letters, digits or . _ : / - starting with a letter or digit, was "
                + Arguments.echo(value));
      }
    }
  }
}
