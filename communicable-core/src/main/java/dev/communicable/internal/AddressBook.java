package dev.communicable.internal;

import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.device.Device;
import dev.communicable.spi.DeviceStore;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a recipient can be reached on a channel: in-app needs no address (the recipient id serves),
 * push goes to every active registered device plus a push contact point if the host gave one, every
 * other channel to the recipient's contact point.
 */
final class AddressBook {
  private final DeviceStore devices;

  AddressBook(DeviceStore devices) {
    this.devices = devices;
  }

  /** The addresses of {@code recipient} on {@code channel}; empty when it cannot be reached. */
  List<String> addresses(Recipient recipient, ChannelType channel) {
    if (ChannelType.IN_APP.equals(channel)) {
      return List.of(recipient.id());
    }
    if (ChannelType.PUSH.equals(channel)) {
      List<String> out = new ArrayList<>();
      for (Device device : devices.active(recipient.tenantId(), recipient.id())) {
        out.add(device.address());
      }
      recipient.address(channel).filter(a -> !out.contains(a)).ifPresent(out::add);
      return out;
    }
    return recipient.address(channel).map(List::of).orElse(List.of());
  }
}
