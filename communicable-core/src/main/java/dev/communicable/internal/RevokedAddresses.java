package dev.communicable.internal;

import dev.communicable.channel.ChannelType;
import dev.communicable.channel.SendResult;
import dev.communicable.delivery.Delivery;
import dev.communicable.spi.DeviceStore;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deactivates the push device of a delivery whose provider said the address is dead for good
 * ({@link SendResult#ADDRESS_REVOKED}), at send time or in a later receipt, so it is never used
 * again. Other channels' addresses belong to the application's own records and are left alone.
 */
final class RevokedAddresses {
  private static final Logger log = LoggerFactory.getLogger(RevokedAddresses.class);

  private final DeviceStore devices;

  RevokedAddresses(DeviceStore devices) {
    this.devices = devices;
  }

  /**
   * True when {@code codeOrDetail} (a refusal's code, a receipt's detail) reports a dead address.
   */
  static boolean says(@Nullable String codeOrDetail) {
    return codeOrDetail != null && codeOrDetail.startsWith(SendResult.ADDRESS_REVOKED);
  }

  /** Deactivates {@code d}'s device when it is a push delivery. Never throws. */
  void deactivate(Delivery d, Instant now) {
    if (!ChannelType.PUSH.equals(d.channel())) {
      return;
    }
    int colon = d.route().address().indexOf(':');
    if (colon <= 0) {
      return;
    }
    try {
      boolean done =
          devices.deactivate(
              d.tenantId(),
              d.route().address().substring(0, colon),
              d.route().address().substring(colon + 1),
              now);
      log.info(
          "Push address of delivery {} revoked by the provider; deactivated: {}", d.id(), done);
    } catch (RuntimeException e) {
      log.warn("Could not deactivate the revoked push address of delivery {}", d.id(), e);
    }
  }
}
