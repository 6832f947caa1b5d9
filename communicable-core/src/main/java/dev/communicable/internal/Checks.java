package dev.communicable.internal;

import dev.communicable.Arguments;
import dev.communicable.Limits;
import java.time.Instant;

/**
 * The engine's two checks that carry the numbers of {@link Limits}; everything else is {@link
 * Arguments}.
 */
final class Checks {
  private Checks() {}

  /** An id or key by the rules of {@link Limits}: tenant, recipient, provider message id... */
  static String id(String field, String value) {
    return Arguments.id(field, value, Limits.MAX_ID_LENGTH);
  }

  /** A caller's time, within {@link Limits#EARLIEST_TIME} and {@link Limits#LATEST_TIME}. */
  static Instant time(String field, Instant value) {
    return Arguments.between(field, value, Limits.EARLIEST_TIME, Limits.LATEST_TIME);
  }
}
