package dev.communicable;

import java.util.List;

/** Accepts notifications. {@link Communication} is one; so is {@link Communication#within}. */
public interface Sender {

  /**
   * Validates, plans and stores the notification, and returns at once; delivery happens in the
   * background. With an idempotency key already used in the tenant, returns the first receipt and
   * sends nothing.
   *
   * @throws InvalidRequestException when anything about the request is wrong; nothing is stored
   * @throws NotFoundException when the template does not exist
   */
  Receipt send(Notification notification);

  /** Builds and sends. */
  default Receipt send(Notification.Builder notification) {
    return send(notification.build());
  }

  /**
   * Sends many notifications in one store transaction: all are accepted, or (on bad input) none.
   *
   * @return one receipt per notification, in order
   */
  List<Receipt> sendAll(List<Notification> notifications);
}
