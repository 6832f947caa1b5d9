package dev.communicable.internal;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.Limits;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.device.Device;
import dev.communicable.device.Devices;
import dev.communicable.spi.DeviceStore;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The device registry facade. A token is checked before it is stored or looked up: printable ASCII
 * of at most {@link Limits#MAX_DEVICE_TOKEN_LENGTH} characters; its platform must be a simple name
 * and, when push adapters are configured, one that serves the platform must accept the address
 * {@code platform:token}.
 */
final class DeviceService implements Devices {
  private static final Pattern PLATFORM = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

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
    Checks.id("tenantId", tenantId);
    Checks.id("recipientId", recipientId);
    check(platform, "token", token);
    return store.register(tenantId, recipientId, platform, token, clock.instant());
  }

  @Override
  public Device rotate(String tenantId, String platform, String oldToken, String newToken) {
    Checks.id("tenantId", tenantId);
    token("oldToken", oldToken);
    check(platform, "newToken", newToken);
    return store.rotate(tenantId, platform, oldToken, newToken, clock.instant());
  }

  @Override
  public boolean revoke(String tenantId, String platform, String token) {
    Checks.id("tenantId", tenantId);
    platform(platform);
    token("token", token);
    return store.deactivate(tenantId, platform, token, clock.instant());
  }

  @Override
  public List<Device> active(String tenantId, String recipientId) {
    Checks.id("tenantId", tenantId);
    Checks.id("recipientId", recipientId);
    return store.active(tenantId, recipientId);
  }

  private static void platform(String platform) {
    if (platform == null || !PLATFORM.matcher(platform).matches()) {
      throw new InvalidRequestException(
          "platform",
          "must be 1-32 lower-case letters, digits, '-' or '_' (such as fcm, apns, webpush), was "
              + Arguments.echo(platform));
    }
  }

  /** A token: not blank, printable ASCII, at most {@link Limits#MAX_DEVICE_TOKEN_LENGTH}. */
  private static void token(String field, String token) {
    Arguments.notBlank(field, token, Limits.MAX_DEVICE_TOKEN_LENGTH);
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x20 || c > 0x7e) {
        throw new InvalidRequestException(
            field,
            c == 0
                ? "must not contain the NUL character"
                : String.format(
                    "must be printable ASCII (U+0020 to U+007E), had U+%04X at index %d",
                    (int) c, i));
      }
    }
  }

  private void check(String platform, String tokenField, String token) {
    platform(platform);
    token(tokenField, token);
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
