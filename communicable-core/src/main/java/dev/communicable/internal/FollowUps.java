package dev.communicable.internal;

import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.policy.Escalation;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.StoredDelivery;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The deliveries a finished step gives rise to: the next channel of its fallback chain when it
 * failed, and the policy's escalations when a first step was sent. They are written in the same
 * update as the step that caused them.
 */
final class FollowUps {
  private final AddressBook addresses;
  private final DeliveryStore store;

  FollowUps(AddressBook addresses, DeliveryStore store) {
    this.addresses = addresses;
    this.store = store;
  }

  /**
   * The next step after {@code failed} (failed, dead-lettered or suppressed): the first channel of
   * its remaining fallbacks on which the recipient has an address, with the rest as its own
   * fallbacks; empty when the chain is spent. When the step was one of several devices of a push
   * recipient, the fallback waits for the last device to fail.
   */
  List<Delivery> fallback(Delivery failed, Recipient recipient, Instant now) {
    if (failed.fallbacks().isEmpty() || siblingStillHopeful(failed)) {
      return List.of();
    }
    List<ChannelType> rest = failed.fallbacks();
    for (int k = 0; k < rest.size(); k++) {
      ChannelType channel = rest.get(k);
      List<String> found = addresses.addresses(recipient, channel);
      if (found.isEmpty()) {
        continue;
      }
      List<ChannelType> after = List.copyOf(rest.subList(k + 1, rest.size()));
      List<Delivery> out = new ArrayList<>(found.size());
      for (String address : found) {
        out.add(
            create(
                failed,
                channel,
                address,
                now,
                now,
                failed.expiresAt(),
                after,
                failed.escalationOf()));
      }
      return out;
    }
    return List.of();
  }

  /**
   * The escalations of {@code policy} after the first step {@code sent} was accepted at {@code
   * now}, each due {@code after} later. None when the recipient already has an escalation for this
   * message (another parallel channel scheduled it), and none to a channel that already reached the
   * recipient.
   */
  List<Delivery> escalations(
      Delivery sent, Recipient recipient, DeliveryPolicy policy, Instant now) {
    if (policy.escalations().isEmpty() || sent.escalationOf() != null) {
      return List.of();
    }
    List<Delivery> family = recipientDeliveries(sent);
    if (family.stream().anyMatch(d -> d.escalationOf() != null)) {
      return List.of();
    }
    List<Delivery> out = new ArrayList<>();
    for (Escalation escalation : policy.escalations()) {
      ChannelType channel = escalation.channel();
      boolean reached =
          channel.equals(sent.channel())
              || family.stream()
                  .anyMatch(d -> d.channel().equals(channel) && d.state().isSuccess());
      if (reached) {
        continue;
      }
      Instant due = now.plus(escalation.after());
      Instant expires = policy.expireAfter().map(due::plus).orElse(null);
      for (String address : addresses.addresses(recipient, channel)) {
        out.add(create(sent, channel, address, now, due, expires, List.of(), sent.id()));
      }
    }
    return out;
  }

  /** Every delivery of the same message to the same recipient, {@code d} included. */
  List<Delivery> recipientDeliveries(Delivery d) {
    return store.deliveries(d.tenantId(), d.messageId(), d.recipientId()).stream()
        .map(StoredDelivery::delivery)
        .toList();
  }

  private boolean siblingStillHopeful(Delivery failed) {
    if (!ChannelType.PUSH.equals(failed.channel())) {
      return false;
    }
    for (Delivery d : recipientDeliveries(failed)) {
      boolean sibling =
          !d.id().equals(failed.id())
              && d.channel().equals(failed.channel())
              && d.fallbacks().equals(failed.fallbacks())
              && java.util.Objects.equals(d.escalationOf(), failed.escalationOf());
      if (sibling
          && (d.state() == DeliveryState.QUEUED
              || d.state() == DeliveryState.SENDING
              || d.state().isSuccess())) {
        return true;
      }
    }
    return false;
  }

  private static Delivery create(
      Delivery from,
      ChannelType channel,
      String address,
      Instant now,
      Instant due,
      @Nullable Instant expiresAt,
      List<ChannelType> fallbacks,
      @Nullable DeliveryId escalationOf) {
    return Delivery.builder()
        .id(new DeliveryId(UUID.randomUUID()))
        .tenantId(from.tenantId())
        .messageId(from.messageId())
        .route(from.route().on(channel, address))
        .topic(from.topic())
        .priority(from.priority())
        .state(DeliveryState.QUEUED)
        .scheduledAt(due)
        .expiresAt(expiresAt)
        .createdAt(now)
        .fallbacks(fallbacks)
        .escalationOf(escalationOf)
        .build();
  }
}
