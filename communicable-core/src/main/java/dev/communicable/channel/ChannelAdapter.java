package dev.communicable.channel;

import dev.communicable.InvalidRequestException;
import java.util.Set;

/**
 * Sends rendered messages on one channel through one provider. This is the plugin SPI: implement it
 * and register an instance with {@code Communication.builder().adapter(...)}, or publish a {@link
 * ChannelAdapterProvider} so that {@link ChannelAdapters#discover()} finds it.
 *
 * <p>Contract (checked by {@code ChannelAdapterContract} in communicable-testkit):
 *
 * <ul>
 *   <li>{@link #send} never throws for a provider's refusal: it returns {@link SendResult}. It may
 *       throw for an unexpected failure, which the dispatcher treats as retryable.
 *   <li>Bad input (a malformed address, a body over the provider's limit) is refused before any
 *       network call, with a {@link SendResult.Permanent} naming the problem.
 *   <li>It is safe to call from several threads at once.
 *   <li>The same {@link OutboundMessage#idempotencyKey()} is passed to the provider where it
 *       supports de-duplication.
 *   <li>Every result's {@link SendResult#provider()} is {@link #provider()} or one of {@link
 *       #providers()}.
 * </ul>
 */
public interface ChannelAdapter extends AutoCloseable {

  /** The channel this adapter serves. */
  ChannelType channel();

  /** The provider's short name, recorded with each attempt: {@code "smtp"}, {@code "twilio"}. */
  String provider();

  /**
   * Every name this adapter's results may carry in {@link SendResult#provider()}. An adapter that
   * routes each message to one of several services answers with the name of the service that
   * actually sent it, so the attempt records it: the push adapter ({@code provider()} {@code
   * "push"}) declares {@code "fcm"}, {@code "apns"} and {@code "webpush"}, and keeps {@code "push"}
   * for what it refuses before picking one. The default is {@code Set.of(provider())}: every result
   * carries {@link #provider()}.
   */
  default Set<String> providers() {
    return Set.of(provider());
  }

  /** Sends one message and reports what the provider said. */
  SendResult send(OutboundMessage message);

  /**
   * Checks an address when a notification is accepted, so a malformed one is refused at once rather
   * than at delivery time.
   *
   * @throws InvalidRequestException naming the problem
   */
  default void validateAddress(String address) {}

  /** Releases connections and threads. The default does nothing. */
  @Override
  default void close() {}
}
