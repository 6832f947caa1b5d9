package dev.communicable.channel;

import dev.communicable.Arguments;
import dev.communicable.Content;
import dev.communicable.MessageId;
import dev.communicable.Priority;
import dev.communicable.delivery.DeliveryId;
import java.util.Locale;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * One rendered message for one recipient on one channel: what a {@link ChannelAdapter} sends.
 *
 * @param deliveryId the delivery this send belongs to
 * @param messageId the notification it came from
 * @param tenantId the tenant
 * @param channel the channel type
 * @param recipientId the host's id of the recipient
 * @param address where to send: an email address, an E.164 number, a URL, a device token; for
 *     in-app, the recipient id
 * @param locale the locale the content was rendered in
 * @param content the rendered parts
 * @param data the notification's data, for adapters that forward structured payloads
 * @param metadata channel options such as {@code "unsubscribeUrl"}, {@code "replyTo"} or custom
 *     headers ({@code "header.X-Campaign"})
 * @param idempotencyKey stable for the delivery across attempts, so providers can de-duplicate
 * @param attempt 1 for the first attempt
 * @param priority the notification's priority
 * @param topic the notification's topic
 */
public record OutboundMessage(
    DeliveryId deliveryId,
    MessageId messageId,
    String tenantId,
    ChannelType channel,
    String recipientId,
    String address,
    Locale locale,
    Content content,
    Map<String, Object> data,
    Map<String, String> metadata,
    String idempotencyKey,
    int attempt,
    Priority priority,
    String topic) {

  /**
   * @throws dev.communicable.InvalidRequestException naming the first component that is null
   */
  public OutboundMessage {
    Arguments.notNull("deliveryId", deliveryId);
    Arguments.notNull("messageId", messageId);
    Arguments.notNull("tenantId", tenantId);
    Arguments.notNull("channel", channel);
    Arguments.notNull("recipientId", recipientId);
    Arguments.notNull("address", address);
    Arguments.notNull("locale", locale);
    Arguments.notNull("content", content);
    data = Map.copyOf(Arguments.notNull("data", data));
    metadata = Map.copyOf(Arguments.notNull("metadata", metadata));
    Arguments.notNull("idempotencyKey", idempotencyKey);
    Arguments.notNull("priority", priority);
    Arguments.notNull("topic", topic);
  }

  /**
   * A builder for an outbound message; each setter says its default, if it has one. Adapter tests
   * build the messages they send with it (communicable-testkit's {@code TestData.outbound()} starts
   * one with every part filled in).
   */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every part of this message, to change some of them. */
  public Builder toBuilder() {
    return new Builder()
        .deliveryId(deliveryId)
        .messageId(messageId)
        .tenantId(tenantId)
        .channel(channel)
        .recipientId(recipientId)
        .address(address)
        .locale(locale)
        .content(content)
        .data(data)
        .metadata(metadata)
        .idempotencyKey(idempotencyKey)
        .attempt(attempt)
        .priority(priority)
        .topic(topic);
  }

  /**
   * Builds an {@link OutboundMessage}. {@link #build()} checks every required part and names the
   * first one missing in its {@link dev.communicable.InvalidRequestException}.
   */
  public static final class Builder {
    private @Nullable DeliveryId deliveryId;
    private @Nullable MessageId messageId;
    private @Nullable String tenantId;
    private @Nullable ChannelType channel;
    private @Nullable String recipientId;
    private @Nullable String address;
    private @Nullable Locale locale;
    private @Nullable Content content;
    private Map<String, Object> data = Map.of();
    private Map<String, String> metadata = Map.of();
    private @Nullable String idempotencyKey;
    private int attempt = 1;
    private Priority priority = Priority.NORMAL;
    private @Nullable String topic;

    private Builder() {}

    /** The delivery this send belongs to. Required. */
    public Builder deliveryId(DeliveryId deliveryId) {
      this.deliveryId = deliveryId;
      return this;
    }

    /** The notification it came from. Required. */
    public Builder messageId(MessageId messageId) {
      this.messageId = messageId;
      return this;
    }

    /** The tenant. Required. */
    public Builder tenantId(String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    /** The channel type. Required. */
    public Builder channel(ChannelType channel) {
      this.channel = channel;
      return this;
    }

    /** The host's id of the recipient. Required. */
    public Builder recipientId(String recipientId) {
      this.recipientId = recipientId;
      return this;
    }

    /** Where to send. Required. */
    public Builder address(String address) {
      this.address = address;
      return this;
    }

    /** The locale the content was rendered in. Required. */
    public Builder locale(Locale locale) {
      this.locale = locale;
      return this;
    }

    /** The rendered parts. Required. */
    public Builder content(Content content) {
      this.content = content;
      return this;
    }

    /** The notification's data. Defaults to none. */
    public Builder data(Map<String, Object> data) {
      this.data = data;
      return this;
    }

    /** Channel options. Defaults to none. */
    public Builder metadata(Map<String, String> metadata) {
      this.metadata = metadata;
      return this;
    }

    /**
     * The key providers de-duplicate on. Defaults to the {@linkplain #deliveryId delivery id}, as
     * the engine sets it ({@code Delivery.idempotencyKey()}).
     */
    public Builder idempotencyKey(String idempotencyKey) {
      this.idempotencyKey = idempotencyKey;
      return this;
    }

    /** The attempt this send is, 1 for the first. Defaults to 1. */
    public Builder attempt(int attempt) {
      this.attempt = attempt;
      return this;
    }

    /** The notification's priority. Defaults to {@link Priority#NORMAL}. */
    public Builder priority(Priority priority) {
      this.priority = priority;
      return this;
    }

    /** The notification's topic. Required. */
    public Builder topic(String topic) {
      this.topic = topic;
      return this;
    }

    /**
     * The outbound message.
     *
     * @throws dev.communicable.InvalidRequestException naming the first required part that is
     *     missing, or {@code attempt} when it is below 1
     */
    public OutboundMessage build() {
      DeliveryId checkedId = Arguments.notNull("deliveryId", deliveryId);
      return new OutboundMessage(
          checkedId,
          Arguments.notNull("messageId", messageId),
          Arguments.notNull("tenantId", tenantId),
          Arguments.notNull("channel", channel),
          Arguments.notNull("recipientId", recipientId),
          Arguments.notNull("address", address),
          Arguments.notNull("locale", locale),
          Arguments.notNull("content", content),
          Arguments.notNull("data", data),
          Arguments.notNull("metadata", metadata),
          idempotencyKey != null ? idempotencyKey : checkedId.toString(),
          Arguments.positive("attempt", attempt),
          Arguments.notNull("priority", priority),
          Arguments.notNull("topic", topic));
    }
  }
}
