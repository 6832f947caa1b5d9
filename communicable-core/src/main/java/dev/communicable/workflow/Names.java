package dev.communicable.workflow;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.Limits;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** The naming rules of workflow ids, event names, step ids and data keys. */
final class Names {
  /** The longest step id. */
  static final int MAX_STEP_ID_LENGTH = 64;

  /** Same rule as a notification's event, topic and template names. */
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/-]{0,127}");

  private static final Pattern STEP_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private Names() {}

  /** An event, topic, workflow or template name. */
  static String name(String field, @Nullable String value) {
    Arguments.notBlank(field, value);
    if (!NAME.matcher(value).matches()) {
      throw new InvalidRequestException(
          field,
          "must be 1-"
              + Limits.MAX_NAME_LENGTH
              + " letters, digits or . _ : / - starting with a letter or digit, was "
              + Arguments.echo(value));
    }
    return value;
  }

  /** A step id. */
  static String stepId(String field, @Nullable String value) {
    Arguments.notBlank(field, value);
    if (!STEP_ID.matcher(value).matches()) {
      throw new InvalidRequestException(
          field,
          "must be 1-"
              + MAX_STEP_ID_LENGTH
              + " letters, digits or . _ - starting with a letter or digit, was "
              + Arguments.echo(value));
    }
    return value;
  }

  /** A key of the event data (a correlation, throttle or digest key). */
  static String dataKey(String field, @Nullable String value) {
    Arguments.notNull(field, value);
    return Arguments.id(field, value, Limits.MAX_ID_LENGTH);
  }
}
