package dev.communicable.memory;

import dev.communicable.InvalidRequestException;
import java.time.Duration;
import org.jspecify.annotations.Nullable;

/** Argument checks shared by the in-memory stores; each failure names the field. */
final class Require {
  private Require() {}

  static String notBlank(String field, @Nullable String value) {
    if (value == null || value.isBlank()) {
      throw new InvalidRequestException(field, "must not be blank, was '" + value + "'");
    }
    return value;
  }

  static <T> T notNull(String field, @Nullable T value) {
    if (value == null) {
      throw new InvalidRequestException(field, "must not be null");
    }
    return value;
  }

  static int atLeastOne(String field, int value) {
    if (value < 1) {
      throw new InvalidRequestException(field, "must be at least 1, was " + value);
    }
    return value;
  }

  static Duration positive(String field, @Nullable Duration value) {
    if (value == null || value.isNegative() || value.isZero()) {
      throw new InvalidRequestException(field, "must be positive, was " + value);
    }
    return value;
  }

  static void that(boolean condition, String field, String problem) {
    if (!condition) {
      throw new InvalidRequestException(field, problem);
    }
  }
}
