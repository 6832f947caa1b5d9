package dev.communicable.internal;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.device.Device;
import dev.communicable.device.Devices;
import dev.communicable.spi.DeviceStore;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The device registry facade. A token is checked before it is stored: its platform must be a simple
 * name and, when push adapters are configured, one that serves the platform must accept the address
 * {@code platform:token}.
 */
final class DeviceService implements Devices {
  private static final Pattern PLATFORM = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
  private static final int MAX_TOKEN = 4096;

  private final DeviceStore store;
  private final ChannelRegistry channels;
  private final Clock clock;

  DeviceService(DeviceStore store, ChannelRegistry channels, Clock clock) {
    this.store = store;
    this.channels = channels;
    this.clock = clock;
  }

  @Override
  public Device register(String tenantId, String recipientId, String platform, String token) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("recipientId", recipientId);
    check(platform, "token", token);
    return store.register(tenantId, recipientId, platform, token, clock.instant());
  }

  @Override
  public Device rotate(String tenantId, String platform, String oldToken, String newToken) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("oldToken", oldToken);
    check(platform, "newToken", newToken);
    return store.rotate(tenantId, platform, oldToken, newToken, clock.instant());
  }

  @Override
  public boolean revoke(String tenantId, String platform, String token) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("platform", platform);
    Arguments.notBlank("token", token);
    return store.deactivate(tenantId, platform, token, clock.instant());
  }

  @Override
  public List<Device> active(String tenantId, String recipientId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("recipientId", recipientId);
    return store.active(tenantId, recipientId);
  }

  private void check(String platform, String tokenField, String token) {
    if (platform == null || !PLATFORM.matcher(platform).matches()) {
      throw new InvalidRequestException(
          "platform",
          "must be 1-32 lower-case letters, digits, '-' or '_' (such as fcm, apns, webpush), was '"
              + platform
              + "'");
    }
    Arguments.notBlank(tokenField, token, MAX_TOKEN);
    String address = platform + ":" + token;
    List<ChannelAdapter> adapters = channels.chainFor(ChannelType.PUSH, address);
    InvalidRequestException refusal = null;
    for (ChannelAdapter adapter : adapters) {
      try {
        adapter.validateAddress(address);
        return;
      } catch (InvalidRequestException e) {
        if (refusal == null) {
          refusal = new InvalidRequestException(tokenField, e.problem());
        }
      }
    }
    if (refusal != null) {
      throw refusal;
    }
  }
}
