package dev.communicable.internal;

import dev.communicable.Content;
import dev.communicable.NotFoundException;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.Message;
import dev.communicable.delivery.Route;
import dev.communicable.template.TemplateException;
import dev.communicable.template.TemplateRenderer;

/**
 * Renders what a claimed delivery says: its message's template, in the version the message was
 * accepted with, for the delivery's channel and locale, or the message's inline content, with the
 * message's data; and wraps it as the message its adapters send.
 */
final class DeliveryRenderer {
  private final TemplateService templates;
  private final TemplateRenderer renderer;

  DeliveryRenderer(TemplateService templates, TemplateRenderer renderer) {
    this.templates = templates;
    this.renderer = renderer;
  }

  /**
   * The content of {@code message} for {@code delivery}.
   *
   * @throws TemplateException when it cannot be rendered
   * @throws NotFoundException when its template is not stored
   */
  Content render(Message message, Delivery delivery) {
    if (message.templateId() != null) {
      return templates.render(
          delivery.tenantId(),
          message.templateId(),
          message.templateVersion(),
          delivery.channel(),
          delivery.route().locale(),
          message.data());
    }
    return renderer.render("inline content", message.content(), message.data());
  }

  /** What the adapters are given for the next attempt of {@code claimed}. */
  static OutboundMessage outbound(Delivery claimed, Message message, Content content) {
    Route route = claimed.route();
    return OutboundMessage.builder()
        .deliveryId(claimed.id())
        .messageId(claimed.messageId())
        .tenantId(claimed.tenantId())
        .channel(route.channel())
        .recipientId(route.recipientId())
        .address(route.address())
        .locale(route.locale())
        .content(content)
        .data(message.data())
        .metadata(message.channelMetadata())
        .idempotencyKey(claimed.idempotencyKey())
        .attempt(claimed.attempts() + 1)
        .priority(claimed.priority())
        .topic(claimed.topic())
        .build();
  }
}
