package dev.communicable.jdbc.internal;

import dev.communicable.InvalidRequestException;
import java.time.Duration;

/**
 * The checks {@link JdbcDeliveryStore} still makes; every other store checks its arguments with
 * {@link dev.communicable.Arguments}, which this class is to be replaced by.
 */
final class Args {
  /** See {@link Database#MAX_LIMIT}. */
  static final int MAX_LIMIT = Database.MAX_LIMIT;

  private Args() {}

  static String text(String field, String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field, "must not be null or blank, was '" + value + "'");
    }
    return value;
  }

  static <T> T present(String field, T value) {
    if (value == null) {
      throw new InvalidRequestException(field, "must not be null");
    }
    return value;
  }

  static int limit(String field, int value) {
    if (value < 1 || value > MAX_LIMIT) {
      throw new InvalidRequestException(
          field, "must be between 1 and " + MAX_LIMIT + ", was " + value);
    }
    return value;
  }

  static Duration positive(String field, Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new InvalidRequestException(field, "must be positive, was " + value);
    }
    return value;
  }
}
