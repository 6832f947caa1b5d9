package dev.communicable.channel.support;

import org.jspecify.annotations.Nullable;

/**
 * Keeps secrets out of {@code toString()}, logs and error messages. A config shows either {@link
 * #mask(String)} (enough to tell two keys apart) or {@link #REDACTED} (nothing at all).
 */
public final class Secrets {
  /** What a config's {@code toString()} shows in place of a key that must not appear at all. */
  public static final String REDACTED = "<redacted>";

  private Secrets() {}

  /**
   * {@code "abcd****"} for a secret of more than 8 characters, {@code "****"} for a shorter one,
   * {@code null} for null: enough to tell keys apart, never enough to use one.
   */
  public static @Nullable String mask(@Nullable String secret) {
    if (secret == null) {
      return null;
    }
    return secret.length() <= 8 ? "****" : secret.substring(0, 4) + "****";
  }
}
