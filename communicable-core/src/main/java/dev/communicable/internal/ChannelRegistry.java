package dev.communicable.internal;

import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The adapters of each channel, in the order they were registered: the failover chain of that
 * channel. For push, adapters whose provider names the device's platform ({@code "fcm"}, {@code
 * "apns"}, {@code "webpush"}) serve that platform's addresses; with none matching, every push
 * adapter is tried.
 */
final class ChannelRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ChannelRegistry.class);

  private final Map<ChannelType, List<ChannelAdapter>> byChannel;
  private final List<ChannelAdapter> all;

  ChannelRegistry(List<ChannelAdapter> adapters) {
    Map<ChannelType, List<ChannelAdapter>> map = new LinkedHashMap<>();
    for (ChannelAdapter adapter : adapters) {
      map.computeIfAbsent(adapter.channel(), c -> new ArrayList<>()).add(adapter);
    }
    map.replaceAll((c, list) -> List.copyOf(list));
    this.byChannel = Map.copyOf(map);
    this.all = List.copyOf(adapters);
  }

  boolean supports(ChannelType channel) {
    return byChannel.containsKey(channel);
  }

  /** Every adapter of {@code channel}, in registration order. */
  /** The channels and their providers in failover order, as a log line shows them. */
  String describe() {
    StringBuilder out = new StringBuilder("[");
    byChannel.forEach(
        (channel, adapters) -> {
          if (out.length() > 1) {
            out.append(", ");
          }
          out.append(channel).append(": ");
          out.append(String.join(" > ", adapters.stream().map(ChannelAdapter::provider).toList()));
        });
    return out.append(']').toString();
  }

  List<ChannelAdapter> adapters(ChannelType channel) {
    return byChannel.getOrDefault(channel, List.of());
  }

  /** The adapters to try, in order, for sending to {@code address} on {@code channel}. */
  List<ChannelAdapter> chainFor(ChannelType channel, String address) {
    List<ChannelAdapter> adapters = adapters(channel);
    if (!ChannelType.PUSH.equals(channel) || adapters.size() < 2) {
      return adapters;
    }
    String platform = platformOf(address);
    List<ChannelAdapter> matching =
        adapters.stream()
            .filter(a -> a.providers().stream().anyMatch(p -> p.equalsIgnoreCase(platform)))
            .toList();
    return matching.isEmpty() ? adapters : matching;
  }

  /** The platform of a push address {@code platform:token}, or the empty string. */
  static String platformOf(String address) {
    int colon = address.indexOf(':');
    return colon < 0 ? "" : address.substring(0, colon);
  }

  /** Closes every adapter; one that fails to close does not keep the others open. */
  @Override
  public void close() {
    for (ChannelAdapter adapter : all) {
      try {
        adapter.close();
      } catch (Exception e) {
        log.warn("Closing the {} adapter {} failed", adapter.channel(), adapter.provider(), e);
      }
    }
  }
}
