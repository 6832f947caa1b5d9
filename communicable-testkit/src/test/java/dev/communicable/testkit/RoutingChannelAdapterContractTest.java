package dev.communicable.testkit;

import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An adapter that routes each address to one of two services and names the one that sent each
 * message passes the contract, as long as it declares those names in {@code providers()}.
 */
class RoutingChannelAdapterContractTest extends ChannelAdapterContract {
  private final List<OutboundMessage> sent = new CopyOnWriteArrayList<>();

  /** Sends {@code alpha:<id>} through "alpha" and {@code beta:<id>} through "beta". */
  private final class Router implements ChannelAdapter {
    @Override
    public ChannelType channel() {
      return ChannelType.PUSH;
    }

    @Override
    public String provider() {
      return "router";
    }

    @Override
    public Set<String> providers() {
      return Set.of("router", "alpha", "beta");
    }

    @Override
    public void validateAddress(String address) {
      if (address == null || !address.matches("(alpha|beta):[a-z0-9]+")) {
        throw new InvalidRequestException("address", "must be alpha:<id> or beta:<id>");
      }
    }

    @Override
    public SendResult send(OutboundMessage message) {
      try {
        validateAddress(message.address());
      } catch (InvalidRequestException e) {
        return SendResult.permanent(provider(), "invalid_address", e.getMessage());
      }
      sent.add(message);
      String service = message.address().substring(0, message.address().indexOf(':'));
      return SendResult.accepted(service, service + "-" + sent.size());
    }
  }

  @Override
  protected ChannelAdapter adapter() {
    return new Router();
  }

  @Override
  protected OutboundMessage validMessage() {
    return message(
        ChannelType.PUSH,
        sent.size() % 2 == 0 ? "alpha:device1" : "beta:device2",
        Content.text("hi"));
  }

  @Override
  protected OutboundMessage messageWithInvalidAddress() {
    return message(ChannelType.PUSH, "gamma:device3", Content.text("hi"));
  }

  @Override
  protected int providerCalls() {
    return sent.size();
  }

  @Override
  protected Optional<List<String>> idempotencyKeysReceived() {
    return Optional.of(sent.stream().map(OutboundMessage::idempotencyKey).toList());
  }
}
