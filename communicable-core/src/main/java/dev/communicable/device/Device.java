package dev.communicable.device;

import java.time.Instant;
import java.util.Objects;

/**
 * A push destination registered for a recipient: a mobile app install or a browser subscription.
 *
 * @param tenantId the tenant
 * @param recipientId the owner
 * @param platform {@code "fcm"}, {@code "apns"} or {@code "webpush"} (plugins may add others)
 * @param token the provider's token; for Web Push, the subscription JSON (endpoint and keys)
 * @param active false once revoked by the user or reported dead by the provider
 * @param registeredAt when it was registered
 * @param updatedAt when it last changed
 */
public record Device(
    String tenantId,
    String recipientId,
    String platform,
    String token,
    boolean active,
    Instant registeredAt,
    Instant updatedAt) {

  public Device {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(recipientId, "recipientId");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(token, "token");
    Objects.requireNonNull(registeredAt, "registeredAt");
    Objects.requireNonNull(updatedAt, "updatedAt");
  }

  /** The push delivery address of this device: {@code platform + ":" + token}. */
  public String address() {
    return platform + ":" + token;
  }
}
