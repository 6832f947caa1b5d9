package dev.communicable.channel.push;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.support.ProviderHttp;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/** The push adapter: routes each address to the sender of its platform. */
final class PushRouter implements ChannelAdapter {
  /**
   * The provider name of the adapter, and of the results it gives before a platform is chosen (an
   * unreadable address, an unconfigured platform). A platform's sender answers with its own name:
   * {@code "fcm"}, {@code "apns"} or {@code "webpush"}.
   */
  static final String PROVIDER = "push";

  private final Map<String, PlatformSender> senders;
  private final Set<String> providers;
  private final @Nullable ProviderHttp http;

  PushRouter(List<PlatformSender> senders, @Nullable ProviderHttp http) {
    this.senders =
        senders.stream().collect(Collectors.toUnmodifiableMap(PlatformSender::platform, s -> s));
    Set<String> names = new TreeSet<>(this.senders.keySet());
    names.add(PROVIDER);
    this.providers = Collections.unmodifiableSet(names);
    this.http = http;
  }

  @Override
  public ChannelType channel() {
    return ChannelType.PUSH;
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  /** {@code "push"} and the name of each configured platform. */
  @Override
  public Set<String> providers() {
    return providers;
  }

  @Override
  public void validateAddress(String address) {
    PushAddress parsed = PushAddress.parse(address);
    PlatformSender sender = senders.get(parsed.platform());
    if (sender != null) {
      sender.validate(parsed);
    }
  }

  @Override
  public SendResult send(OutboundMessage message) {
    PushAddress address;
    try {
      address = PushAddress.parse(message.address());
    } catch (InvalidRequestException e) {
      return SendResult.permanent(PROVIDER, "invalid_address", e.getMessage());
    }
    PlatformSender sender = senders.get(address.platform());
    if (sender == null) {
      return SendResult.permanent(
          PROVIDER,
          "platform_not_configured",
          "address: platform '"
              + address.platform()
              + "' is not configured on this push adapter (configured: "
              + senders.keySet().stream().sorted().collect(Collectors.joining(", "))
              + ")");
    }
    try {
      sender.validate(address);
    } catch (InvalidRequestException e) {
      return SendResult.permanent(sender.platform(), "invalid_address", e.getMessage());
    }
    try {
      return sender.send(address, message);
    } catch (InvalidRequestException e) {
      return SendResult.permanent(sender.platform(), "invalid_request", e.getMessage());
    }
  }

  @Override
  public void close() {
    for (PlatformSender sender : senders.values()) {
      sender.close();
    }
    if (http != null) {
      http.close();
    }
  }

  @Override
  public String toString() {
    return "PushAdapter" + senders.keySet().stream().sorted().collect(Collectors.toList());
  }
}
