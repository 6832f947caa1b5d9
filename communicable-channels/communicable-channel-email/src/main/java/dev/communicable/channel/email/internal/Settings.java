package dev.communicable.channel.email.internal;

import dev.communicable.InvalidRequestException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.function.Consumer;
import java.util.function.Function;

/** Reads one provider's settings ({@code communicable.<provider>.<name>}) for discovery. */
final class Settings {
  private final String prefix;
  private final Function<String, String> lookup;

  Settings(String provider, Function<String, String> lookup) {
    this.prefix = "communicable." + provider + ".";
    this.lookup = lookup;
  }

  /** The setting, or null when absent or blank. */
  String get(String name) {
    String v = lookup.apply(prefix + name);
    return v == null || v.isBlank() ? null : v.trim();
  }

  String required(String name) {
    String v = get(name);
    if (v == null) {
      throw new InvalidRequestException(prefix + name, "is required");
    }
    return v;
  }

  void ifPresent(String name, Consumer<String> action) {
    String v = get(name);
    if (v != null) {
      action.accept(v);
    }
  }

  void duration(String name, Consumer<Duration> action) {
    ifPresent(
        name,
        v -> {
          try {
            action.accept(
                v.matches("\\d{1,9}") ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v));
          } catch (DateTimeParseException e) {
            throw new InvalidRequestException(
                prefix + name,
                "must be an ISO-8601 duration such as PT10S or whole seconds, was '" + v + "'");
          }
        });
  }

  long number(String name, long otherwise) {
    String v = get(name);
    if (v == null) {
      return otherwise;
    }
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new InvalidRequestException(prefix + name, "must be a whole number, was '" + v + "'");
    }
  }

  /** Builds the config, renaming a builder's field in an error to the setting's full name. */
  <T> T build(java.util.function.Supplier<T> builder) {
    try {
      return builder.get();
    } catch (InvalidRequestException e) {
      String setting = e.field().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
      throw new InvalidRequestException(prefix + setting, e.problem());
    }
  }
}
