package dev.communicable.device;

import java.util.List;

/**
 * The push device registry; reached by {@code communication.devices()}. Tokens are printable ASCII
 * of at most {@link dev.communicable.Limits#MAX_DEVICE_TOKEN_LENGTH} characters; ids follow {@link
 * dev.communicable.Limits}.
 */
public interface Devices {

  /** Registers a token; shape-checked for its platform before it is stored. */
  Device register(String tenantId, String recipientId, String platform, String token);

  /** Replaces a token the provider rotated. */
  Device rotate(String tenantId, String platform, String oldToken, String newToken);

  /** Revokes a token for good. */
  boolean revoke(String tenantId, String platform, String token);

  List<Device> active(String tenantId, String recipientId);
}
