package dev.communicable.channel.push;

import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;

/** Sends to one push platform; the router picks one by the address's platform prefix. */
interface PlatformSender extends AutoCloseable {

  /**
   * {@code "fcm"}, {@code "apns"} or {@code "webpush"}: the address prefix it serves, and the
   * provider name of every result it gives.
   */
  String platform();

  /**
   * Checks what this sender's configuration adds to the address's shape check (the default adds
   * nothing).
   *
   * @throws dev.communicable.InvalidRequestException naming the address and the problem
   */
  default void validate(PushAddress address) {}

  /**
   * Sends one message to one parsed address of this sender's platform. Bad content (empty, over the
   * platform's limit, reserved keys) comes back as a {@link SendResult.Permanent} before any
   * network call.
   */
  SendResult send(PushAddress address, OutboundMessage message);

  @Override
  void close();
}
