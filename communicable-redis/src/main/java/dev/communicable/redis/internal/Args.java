package dev.communicable.redis.internal;

import dev.communicable.InvalidRequestException;

/** Argument checks shared by the Redis builders. */
public final class Args {
  private Args() {}

  /**
   * Returns {@code value}.
   *
   * @throws InvalidRequestException naming {@code field} when it is null
   */
  public static <T> T present(String field, T value) {
    if (value == null) {
      throw new InvalidRequestException(field, "must not be null");
    }
    return value;
  }
}
