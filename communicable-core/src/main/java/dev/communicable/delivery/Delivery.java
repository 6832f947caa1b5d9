package dev.communicable.delivery;

import dev.communicable.MessageId;
import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One recipient on one channel step of one message, and where it stands. Immutable: every change
 * makes a new value through {@link #apply}, which consults {@link DeliveryTransitions} and bumps
 * {@link #version()} so stores can guard their writes.
 *
 * @param id this delivery
 * @param tenantId the tenant
 * @param messageId the message it belongs to
 * @param recipientId the host's id of the recipient
 * @param channel the channel of this step
 * @param address where to send on that channel
 * @param locale the recipient's locale, for rendering
 * @param timeZone the recipient's zone, for quiet hours
 * @param topic the message's topic, for preferences and policy lookup
 * @param priority the message's priority
 * @param state where it stands
 * @param attempts how many send attempts have been made
 * @param scheduledAt when it is due (next attempt time while queued)
 * @param expiresAt after this it is expired rather than sent; null for never
 * @param createdAt when it was created
 * @param updatedAt when it last changed
 * @param version incremented on every change; stores write only if the version they read is still
 *     current
 * @param leaseOwner the worker holding it while SENDING, else null
 * @param leaseUntil when that lease runs out, else null
 * @param fallbacks the channels still to try, in order, if this step fails
 * @param escalationOf for an escalation step, the delivery whose being read cancels it; else null
 * @param providerMessageId the provider's id once sent, else null
 * @param lastError the last failure's reason, else null
 */
public record Delivery(
    DeliveryId id,
    String tenantId,
    MessageId messageId,
    String recipientId,
    ChannelType channel,
    String address,
    Locale locale,
    ZoneId timeZone,
    String topic,
    Priority priority,
    DeliveryState state,
    int attempts,
    Instant scheduledAt,
    Instant expiresAt,
    Instant createdAt,
    Instant updatedAt,
    long version,
    String leaseOwner,
    Instant leaseUntil,
    List<ChannelType> fallbacks,
    DeliveryId escalationOf,
    String providerMessageId,
    String lastError) {

  public Delivery {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(recipientId, "recipientId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(locale, "locale");
    Objects.requireNonNull(timeZone, "timeZone");
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(priority, "priority");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(scheduledAt, "scheduledAt");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
    fallbacks = List.copyOf(Objects.requireNonNull(fallbacks, "fallbacks"));
  }

  /** The idempotency key adapters pass to providers; stable across attempts. */
  public String idempotencyKey() {
    return id.toString();
  }

  /**
   * This delivery after {@code event} at {@code now}: new state from the transition table, version
   * plus one, lease cleared unless the new state is SENDING.
   *
   * @throws IllegalTransitionException when the move is not in the table
   */
  public Delivery apply(DeliveryEvent event, Instant now) {
    DeliveryState next = DeliveryTransitions.next(state, event);
    boolean leased = next == DeliveryState.SENDING;
    return new Delivery(
        id,
        tenantId,
        messageId,
        recipientId,
        channel,
        address,
        locale,
        timeZone,
        topic,
        priority,
        next,
        attempts,
        scheduledAt,
        expiresAt,
        createdAt,
        now,
        version + 1,
        leased ? leaseOwner : null,
        leased ? leaseUntil : null,
        fallbacks,
        escalationOf,
        providerMessageId,
        lastError);
  }

  /** A copy due at {@code at}. */
  public Delivery withScheduledAt(Instant at) {
    return new Delivery(
        id,
        tenantId,
        messageId,
        recipientId,
        channel,
        address,
        locale,
        timeZone,
        topic,
        priority,
        state,
        attempts,
        at,
        expiresAt,
        createdAt,
        updatedAt,
        version,
        leaseOwner,
        leaseUntil,
        fallbacks,
        escalationOf,
        providerMessageId,
        lastError);
  }

  /** A copy leased to {@code owner} until {@code until}. */
  public Delivery withLease(String owner, Instant until) {
    return new Delivery(
        id,
        tenantId,
        messageId,
        recipientId,
        channel,
        address,
        locale,
        timeZone,
        topic,
        priority,
        state,
        attempts,
        scheduledAt,
        expiresAt,
        createdAt,
        updatedAt,
        version,
        owner,
        until,
        fallbacks,
        escalationOf,
        providerMessageId,
        lastError);
  }

  /** A copy that records one more attempt and its outcome. */
  public Delivery withAttempt(String providerMessageId, String lastError) {
    return new Delivery(
        id,
        tenantId,
        messageId,
        recipientId,
        channel,
        address,
        locale,
        timeZone,
        topic,
        priority,
        state,
        attempts + 1,
        scheduledAt,
        expiresAt,
        createdAt,
        updatedAt,
        version,
        leaseOwner,
        leaseUntil,
        fallbacks,
        escalationOf,
        providerMessageId,
        lastError);
  }

  /**
   * A copy with {@code lastError} as its last failure's reason and nothing else changed: a failure
   * the provider reported after the attempt, such as a bounce, is not a new attempt.
   */
  public Delivery withLastError(String lastError) {
    return new Delivery(
        id,
        tenantId,
        messageId,
        recipientId,
        channel,
        address,
        locale,
        timeZone,
        topic,
        priority,
        state,
        attempts,
        scheduledAt,
        expiresAt,
        createdAt,
        updatedAt,
        version,
        leaseOwner,
        leaseUntil,
        fallbacks,
        escalationOf,
        providerMessageId,
        lastError);
  }
}
