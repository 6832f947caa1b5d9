package dev.communicable.memory;

import dev.communicable.Arguments;
import dev.communicable.NotFoundException;
import dev.communicable.device.Device;
import dev.communicable.spi.DeviceStore;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The push device registry in memory. A token identifies a device within its tenant and platform;
 * registering it for another recipient moves it there (the app was signed in as someone else).
 */
final class InMemoryDeviceStore implements DeviceStore {

  private record TokenKey(String tenantId, String platform, String token) {}

  private record OwnerKey(String tenantId, String recipientId) {}

  private final Map<TokenKey, Device> devices = new HashMap<>();
  private final Map<OwnerKey, Set<TokenKey>> byOwner = new HashMap<>();

  @Override
  public synchronized Device register(
      String tenantId, String recipientId, String platform, String token, Instant at) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("recipientId", recipientId);
    Arguments.notBlank("platform", platform);
    Arguments.notBlank("token", token);
    Arguments.notNull("at", at);
    TokenKey key = new TokenKey(tenantId, platform, token);
    Device existing = devices.get(key);
    Device device;
    if (existing != null && existing.recipientId().equals(recipientId)) {
      device =
          new Device(tenantId, recipientId, platform, token, true, existing.registeredAt(), at);
    } else {
      if (existing != null) {
        disown(existing, key);
      }
      device = new Device(tenantId, recipientId, platform, token, true, at, at);
    }
    devices.put(key, device);
    byOwner
        .computeIfAbsent(new OwnerKey(tenantId, recipientId), k -> new LinkedHashSet<>())
        .add(key);
    return device;
  }

  @Override
  public synchronized Device rotate(
      String tenantId, String platform, String oldToken, String newToken, Instant at) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("platform", platform);
    Arguments.notBlank("oldToken", oldToken);
    Arguments.notBlank("newToken", newToken);
    Arguments.notNull("at", at);
    Arguments.check(!oldToken.equals(newToken), "newToken", "must differ from oldToken");
    TokenKey oldKey = new TokenKey(tenantId, platform, oldToken);
    Device old = devices.get(oldKey);
    if (old == null) {
      throw new NotFoundException(tenantId, "device", platform + ":" + oldToken);
    }
    if (old.active()) {
      devices.put(oldKey, deactivated(old, at));
    }
    return register(tenantId, old.recipientId(), platform, newToken, at);
  }

  @Override
  public synchronized boolean deactivate(
      String tenantId, String platform, String token, Instant at) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("platform", platform);
    Arguments.notBlank("token", token);
    Arguments.notNull("at", at);
    TokenKey key = new TokenKey(tenantId, platform, token);
    Device device = devices.get(key);
    if (device == null || !device.active()) {
      return false;
    }
    devices.put(key, deactivated(device, at));
    return true;
  }

  @Override
  public synchronized List<Device> active(String tenantId, String recipientId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("recipientId", recipientId);
    Set<TokenKey> keys = byOwner.getOrDefault(new OwnerKey(tenantId, recipientId), Set.of());
    return keys.stream()
        .map(devices::get)
        .filter(Device::active)
        .sorted(Comparator.comparing(Device::registeredAt).thenComparing(Device::address))
        .toList();
  }

  private void disown(Device device, TokenKey key) {
    OwnerKey owner = new OwnerKey(device.tenantId(), device.recipientId());
    Set<TokenKey> keys = byOwner.get(owner);
    keys.remove(key);
    if (keys.isEmpty()) {
      byOwner.remove(owner);
    }
  }

  private static Device deactivated(Device d, Instant at) {
    return new Device(
        d.tenantId(), d.recipientId(), d.platform(), d.token(), false, d.registeredAt(), at);
  }
}
