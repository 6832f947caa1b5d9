package dev.communicable.spi;

import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import org.jspecify.annotations.Nullable;

/**
 * The permission gate: may this sender notify this recipient about this topic on this channel? A
 * refusal suppresses the delivery (recorded, not sent). The default permits everything.
 */
@FunctionalInterface
public interface Authorizer {

  /**
   * @param tenantId the tenant
   * @param senderId who sends, or null for the system
   * @param recipient who would receive
   * @param topic the notification's topic
   * @param channel the channel
   */
  boolean permits(
      String tenantId,
      @Nullable String senderId,
      Recipient recipient,
      String topic,
      ChannelType channel);

  /** An authorizer that permits everything. */
  static Authorizer permitAll() {
    return (tenantId, senderId, recipient, topic, channel) -> true;
  }
}
