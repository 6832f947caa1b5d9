package dev.communicable.internal;

import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.inbox.InboxItem;
import dev.communicable.spi.CommunicationEvent;
import dev.communicable.spi.EventBus;
import dev.communicable.spi.InboxStore;
import java.time.Clock;
import java.util.Map;

/**
 * The built-in in-app channel: "sending" writes an {@link InboxItem} to the recipient's inbox and
 * announces it with an {@code inbox.item_added} event. The delivery id is the item's identity, so a
 * repeated attempt adds nothing twice.
 */
final class InAppChannelAdapter implements ChannelAdapter {
  static final String PROVIDER = "inbox";

  private final InboxStore inbox;
  private final EventBus events;
  private final Clock clock;

  InAppChannelAdapter(InboxStore inbox, EventBus events, Clock clock) {
    this.inbox = inbox;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public ChannelType channel() {
    return ChannelType.IN_APP;
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public SendResult send(OutboundMessage message) {
    String text = message.content().text();
    if (text == null && message.content().title() == null) {
      return SendResult.permanent(PROVIDER, "empty", "in-app content has neither title nor text");
    }
    inbox.add(
        new InboxItem(
            message.deliveryId(),
            message.messageId(),
            message.tenantId(),
            message.recipientId(),
            message.topic(),
            message.content().title(),
            text,
            message.content().link(),
            clock.instant(),
            null));
    events.publish(
        new CommunicationEvent(
            CommunicationEvent.INBOX_ITEM_ADDED,
            message.tenantId(),
            Map.of(
                "recipientId", message.recipientId(),
                "deliveryId", message.deliveryId().toString(),
                "messageId", message.messageId().toString()),
            clock.instant()));
    return SendResult.accepted(PROVIDER, null); // the delivery id is the item's identity
  }
}
