package dev.communicable.spi;

import dev.communicable.device.Device;
import java.time.Instant;
import java.util.List;

/** The push device registry. Passes {@code DeviceStoreContract} in communicable-testkit. */
public interface DeviceStore {

  /** Registers (or re-activates) a device token for a recipient. */
  Device register(String tenantId, String recipientId, String platform, String token, Instant at);

  /**
   * Replaces {@code oldToken} by {@code newToken} (the provider rotated it): the old one is
   * deactivated, the new one registered for the same recipient and platform.
   */
  Device rotate(String tenantId, String platform, String oldToken, String newToken, Instant at);

  /**
   * Deactivates a token for good (revoked by the user, or reported dead by the provider); it is
   * never used again unless registered anew.
   *
   * @return false when no active device has that token
   */
  boolean deactivate(String tenantId, String platform, String token, Instant at);

  /** The recipient's active devices. */
  List<Device> active(String tenantId, String recipientId);
}
