package dev.communicable.internal;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.Limits;
import java.time.Instant;

/** Argument checks shared by the engine's facades; each names the field it rejects. */
final class Checks {
  /** The largest page a listing returns. */
  static final int MAX_PAGE = 1000;

  private Checks() {}

  static String notBlank(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field, "must not be null or blank");
    }
    return value;
  }

  /** An id or key by the rules of {@link Limits}: tenant, recipient, provider message id... */
  static String id(String field, String value) {
    return Arguments.id(field, value, Limits.MAX_ID_LENGTH);
  }

  /** A caller's time, within {@link Limits#EARLIEST_TIME} and {@link Limits#LATEST_TIME}. */
  static Instant time(String field, Instant value) {
    return Arguments.between(field, value, Limits.EARLIEST_TIME, Limits.LATEST_TIME);
  }

  static <T> T notNull(String field, T value) {
    if (value == null) {
      throw new InvalidRequestException(field, "must not be null");
    }
    return value;
  }

  static int page(String field, int limit) {
    if (limit < 1 || limit > MAX_PAGE) {
      throw new InvalidRequestException(
          field, "must be between 1 and " + MAX_PAGE + ", was " + limit);
    }
    return limit;
  }
}
