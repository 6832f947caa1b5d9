package dev.communicable.delivery;

import dev.communicable.Arguments;
import dev.communicable.MessageId;
import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One recipient on one channel step of one message, and where it stands. Immutable: every change
 * makes a new value through {@link #apply}, which consults {@link DeliveryTransitions}. Build one
 * with {@link #builder()}, or change a copy with {@link #toBuilder()}.
 *
 * <p>This is what users see. How a store guards its writes (a version, the lease of the worker
 * sending it) is the store's own business: see {@code dev.communicable.spi.StoredDelivery}.
 *
 * @param id this delivery
 * @param tenantId the tenant
 * @param messageId the message it belongs to
 * @param route to whom, on which channel, at which address, in which locale and time zone
 * @param topic the message's topic, for preferences and policy lookup
 * @param priority the message's priority
 * @param state where it stands
 * @param attempts how many send attempts have been made
 * @param scheduledAt when it is due (next attempt time while queued)
 * @param expiresAt after this it is expired rather than sent; null for never
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param fallbacks the channels still to try, in order, if this step fails
 * @param escalationOf for an escalation step, the delivery whose being read cancels it; else null
 * @param providerMessageId the provider's id once sent, else null
 * @param lastError the last failure's reason, else null
 * @param contact for an escalation to another contact (the recipient's manager, say), who that is:
 *     the route's address, locale and zone are then the contact's, while its recipient id stays the
 *     recipient's, so that the recipient's reading the message cancels it; else null
 */
public record Delivery(
    DeliveryId id,
    String tenantId,
    MessageId messageId,
    Route route,
    String topic,
    Priority priority,
    DeliveryState state,
    int attempts,
    Instant scheduledAt,
    @Nullable Instant expiresAt,
    Instant createdAt,
    Instant updatedAt,
    List<ChannelType> fallbacks,
    @Nullable DeliveryId escalationOf,
    @Nullable String providerMessageId,
    @Nullable String lastError,
    @Nullable Contact contact) {

  /**
   * @throws dev.communicable.InvalidRequestException naming the first required component that is
   *     null, or {@code attempts} when it is negative
   */
  public Delivery {
    Arguments.notNull("id", id);
    Arguments.notNull("tenantId", tenantId);
    Arguments.notNull("messageId", messageId);
    Arguments.notNull("route", route);
    Arguments.notNull("topic", topic);
    Arguments.notNull("priority", priority);
    Arguments.notNull("state", state);
    Arguments.notNegative("attempts", attempts);
    Arguments.notNull("scheduledAt", scheduledAt);
    Arguments.notNull("createdAt", createdAt);
    Arguments.notNull("updatedAt", updatedAt);
    fallbacks = Arguments.noNulls("fallbacks", fallbacks);
  }

  /** A builder for a new delivery; each setter says its default, if it has one. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding every component of this delivery, to change some of them. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** The channel of this step: shorthand for {@code route().channel()}. */
  public ChannelType channel() {
    return route.channel();
  }

  /** The host's id of the recipient: shorthand for {@code route().recipientId()}. */
  public String recipientId() {
    return route.recipientId();
  }

  /** The idempotency key adapters pass to providers; stable across attempts. */
  public String idempotencyKey() {
    return id.toString();
  }

  /**
   * This delivery after {@code event} at {@code now}: the new state from the transition table,
   * changed at {@code now}.
   *
   * @throws IllegalTransitionException when the move is not in the table
   */
  public Delivery apply(DeliveryEvent event, Instant now) {
    DeliveryState next = DeliveryTransitions.next(state, event);
    return toBuilder().state(next).updatedAt(now).build();
  }

  /** A copy due at {@code at}. */
  public Delivery withScheduledAt(Instant at) {
    return toBuilder().scheduledAt(at).build();
  }

  /** A copy that records one more attempt and its outcome. */
  public Delivery withAttempt(@Nullable String providerMessageId, @Nullable String lastError) {
    return toBuilder()
        .attempts(attempts + 1)
        .providerMessageId(providerMessageId)
        .lastError(lastError)
        .build();
  }

  /**
   * A copy with {@code lastError} as its last failure's reason and nothing else changed: a failure
   * the provider reported after the attempt, such as a bounce, is not a new attempt.
   */
  public Delivery withLastError(@Nullable String lastError) {
    return toBuilder().lastError(lastError).build();
  }

  /**
   * Builds a {@link Delivery}. {@link #build()} checks every required component and names the first
   * one missing in its {@link dev.communicable.InvalidRequestException}.
   */
  public static final class Builder {
    private @Nullable DeliveryId id;
    private @Nullable String tenantId;
    private @Nullable MessageId messageId;
    private @Nullable Route route;
    private @Nullable String topic;
    private Priority priority = Priority.NORMAL;
    private DeliveryState state = DeliveryState.QUEUED;
    private int attempts;
    private @Nullable Instant scheduledAt;
    private @Nullable Instant expiresAt;
    private @Nullable Instant createdAt;
    private @Nullable Instant updatedAt;
    private List<ChannelType> fallbacks = List.of();
    private @Nullable DeliveryId escalationOf;
    private @Nullable String providerMessageId;
    private @Nullable String lastError;
    private @Nullable Contact contact;

    private Builder() {}

    private Builder(Delivery d) {
      this.id = d.id;
      this.tenantId = d.tenantId;
      this.messageId = d.messageId;
      this.route = d.route;
      this.topic = d.topic;
      this.priority = d.priority;
      this.state = d.state;
      this.attempts = d.attempts;
      this.scheduledAt = d.scheduledAt;
      this.expiresAt = d.expiresAt;
      this.createdAt = d.createdAt;
      this.updatedAt = d.updatedAt;
      this.fallbacks = d.fallbacks;
      this.escalationOf = d.escalationOf;
      this.providerMessageId = d.providerMessageId;
      this.lastError = d.lastError;
      this.contact = d.contact;
    }

    /** This delivery's id. Required. */
    public Builder id(DeliveryId id) {
      this.id = id;
      return this;
    }

    /** The tenant. Required. */
    public Builder tenantId(String tenantId) {
      this.tenantId = tenantId;
      return this;
    }

    /** The message it belongs to. Required. */
    public Builder messageId(MessageId messageId) {
      this.messageId = messageId;
      return this;
    }

    /** To whom, on which channel, at which address. Required. */
    public Builder route(Route route) {
      this.route = route;
      return this;
    }

    /** The message's topic. Required. */
    public Builder topic(String topic) {
      this.topic = topic;
      return this;
    }

    /** The message's priority. Defaults to {@link Priority#NORMAL}. */
    public Builder priority(Priority priority) {
      this.priority = priority;
      return this;
    }

    /** Where it stands. Defaults to {@link DeliveryState#QUEUED}. */
    public Builder state(DeliveryState state) {
      this.state = state;
      return this;
    }

    /** How many send attempts have been made. Defaults to 0. */
    public Builder attempts(int attempts) {
      this.attempts = attempts;
      return this;
    }

    /** When it is due. Required. */
    public Builder scheduledAt(Instant scheduledAt) {
      this.scheduledAt = scheduledAt;
      return this;
    }

    /** After this it is expired rather than sent. Defaults to null: never. */
    public Builder expiresAt(@Nullable Instant expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    /** When it was created. Required. */
    public Builder createdAt(Instant createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    /** When it last changed. Defaults to its {@linkplain #createdAt creation time}. */
    public Builder updatedAt(Instant updatedAt) {
      this.updatedAt = updatedAt;
      return this;
    }

    /** The channels still to try, in order, if this step fails. Defaults to none. */
    public Builder fallbacks(List<ChannelType> fallbacks) {
      this.fallbacks = fallbacks;
      return this;
    }

    /** For an escalation step, the delivery whose being read cancels it. Defaults to null. */
    public Builder escalationOf(@Nullable DeliveryId escalationOf) {
      this.escalationOf = escalationOf;
      return this;
    }

    /** The provider's id once sent. Defaults to null. */
    public Builder providerMessageId(@Nullable String providerMessageId) {
      this.providerMessageId = providerMessageId;
      return this;
    }

    /** The last failure's reason. Defaults to null. */
    public Builder lastError(@Nullable String lastError) {
      this.lastError = lastError;
      return this;
    }

    /** For an escalation to another contact, who that is. Default: null. */
    public Builder contact(@Nullable Contact contact) {
      this.contact = contact;
      return this;
    }

    /**
     * The delivery.
     *
     * @throws dev.communicable.InvalidRequestException naming the first required component that is
     *     missing, or {@code attempts} when it is negative
     */
    public Delivery build() {
      return new Delivery(
          Arguments.notNull("id", id),
          Arguments.notNull("tenantId", tenantId),
          Arguments.notNull("messageId", messageId),
          Arguments.notNull("route", route),
          Arguments.notNull("topic", topic),
          Arguments.notNull("priority", priority),
          Arguments.notNull("state", state),
          attempts,
          Arguments.notNull("scheduledAt", scheduledAt),
          expiresAt,
          Arguments.notNull("createdAt", createdAt),
          updatedAt != null ? updatedAt : Arguments.notNull("createdAt", createdAt),
          Arguments.notNull("fallbacks", fallbacks),
          escalationOf,
          providerMessageId,
          lastError,
          contact);
    }
  }
}
