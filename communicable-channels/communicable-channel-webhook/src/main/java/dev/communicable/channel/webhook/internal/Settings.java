package dev.communicable.channel.webhook.internal;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.webhook.EgressRules;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** Reads typed values from a settings lookup, naming the setting in every error. */
final class Settings {
  private final Function<String, String> lookup;
  private final String prefix;

  Settings(Function<String, String> lookup, String prefix) {
    this.lookup = lookup;
    this.prefix = prefix;
  }

  String name(String key) {
    return prefix + key;
  }

  Optional<String> text(String key) {
    String value = lookup.apply(name(key));
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  /** Items separated by commas or whitespace. */
  List<String> list(String key) {
    return text(key)
        .map(value -> Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  Optional<Boolean> bool(String key) {
    return text(key)
        .map(
            value -> {
              if (value.equalsIgnoreCase("true")) {
                return true;
              }
              if (value.equalsIgnoreCase("false")) {
                return false;
              }
              throw new InvalidRequestException(
                  name(key), "must be true or false, was '" + value + "'");
            });
  }

  /** A duration as ISO-8601 ({@code PT10S}) or whole seconds ({@code 10}). */
  Optional<Duration> duration(String key) {
    return text(key)
        .map(
            value -> {
              try {
                return value.matches("\\d{1,6}")
                    ? Duration.ofSeconds(Long.parseLong(value))
                    : Duration.parse(value);
              } catch (DateTimeParseException e) {
                throw new InvalidRequestException(
                    name(key),
                    "must be seconds (15) or an ISO-8601 duration (PT15S), was '" + value + "'");
              }
            });
  }

  Optional<Integer> integer(String key) {
    return text(key)
        .map(
            value -> {
              try {
                return Integer.parseInt(value);
              } catch (NumberFormatException e) {
                throw new InvalidRequestException(
                    name(key), "must be a whole number, was '" + value + "'");
              }
            });
  }

  /** Egress rules from {@code allow} and {@code allow-http}. */
  EgressRules egress() {
    EgressRules.Builder egress = EgressRules.builder().allow(list("allow"));
    bool("allow-http").ifPresent(egress::allowPlainHttp);
    return egress.build();
  }
}
