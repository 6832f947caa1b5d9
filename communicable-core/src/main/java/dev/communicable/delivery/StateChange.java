package dev.communicable.delivery;

import dev.communicable.MessageId;
import dev.communicable.channel.ChannelType;
import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One line of a message's timeline: a delivery moved from one state to another.
 *
 * @param tenantId the tenant
 * @param messageId the message
 * @param deliveryId the delivery that moved
 * @param channel its channel
 * @param from the state before; null when the delivery was created
 * @param to the state after
 * @param at when
 * @param detail why, in words (the provider's reason, "throttled until ...", "fallback from
 *     email"); may be null
 */
public record StateChange(
    String tenantId,
    MessageId messageId,
    DeliveryId deliveryId,
    ChannelType channel,
    @Nullable DeliveryState from,
    DeliveryState to,
    Instant at,
    @Nullable String detail) {

  public StateChange {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(messageId, "messageId");
    Objects.requireNonNull(deliveryId, "deliveryId");
    Objects.requireNonNull(channel, "channel");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(at, "at");
  }

  /** The change that moved {@code before} to {@code after}. */
  public static StateChange between(
      @Nullable Delivery before, Delivery after, @Nullable String detail) {
    return new StateChange(
        after.tenantId(),
        after.messageId(),
        after.id(),
        after.channel(),
        before == null ? null : before.state(),
        after.state(),
        after.updatedAt(),
        detail);
  }
}
