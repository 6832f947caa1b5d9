package dev.communicable.channel.support;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Typed reading of the settings a {@link dev.communicable.channel.ChannelAdapterProvider} is given,
 * under one prefix ({@code communicable.twilio.}); every error names the setting in full. A blank
 * value counts as absent, and values are stripped of surrounding spaces.
 *
 * <pre>{@code
 * Settings s = Settings.of("communicable.ntfy.", lookup);
 * Optional<String> token = s.text("token");
 * if (token.isEmpty()) {
 *   return Optional.empty();                      // not configured: no adapter
 * }
 * NtfyConfig.Builder b = NtfyConfig.builder().token(token.get());
 * b.http(s.http(HttpSettings.defaults()));        // base-url, connect-timeout, request-timeout
 * return Optional.of(new NtfyAdapter(s.build(b::build)));
 * }</pre>
 */
public final class Settings {
  private final String prefix;
  private final Function<String, @Nullable String> lookup;

  private Settings(String prefix, Function<String, @Nullable String> lookup) {
    this.prefix = prefix;
    this.lookup = lookup;
  }

  /**
   * The settings whose names start with {@code prefix} (usually ending in a dot), read through
   * {@code lookup} (null for absent).
   */
  public static Settings of(String prefix, Function<String, @Nullable String> lookup) {
    return new Settings(Arguments.notNull("prefix", prefix), Arguments.notNull("lookup", lookup));
  }

  /** The full name of setting {@code key}: the prefix and the key. */
  public String name(String key) {
    return prefix + key;
  }

  /** The value, stripped; empty when absent or blank. */
  public Optional<String> text(String key) {
    String value = lookup.apply(name(key));
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  /**
   * The value, stripped.
   *
   * @throws InvalidRequestException {@code "<name>: is required"} when absent or blank
   */
  public String required(String key) {
    return text(key).orElseThrow(() -> new InvalidRequestException(name(key), "is required"));
  }

  /** Items separated by commas or whitespace; empty when absent. */
  public List<String> list(String key) {
    return text(key)
        .map(value -> Arrays.stream(value.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }

  /** {@code true} or {@code false}, in any case. */
  public Optional<Boolean> bool(String key) {
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

  /** A duration as whole seconds ({@code 15}) or ISO-8601 ({@code PT15S}). */
  public Optional<Duration> duration(String key) {
    return text(key)
        .map(
            value -> {
              try {
                return value.matches("\\d{1,9}")
                    ? Duration.ofSeconds(Long.parseLong(value))
                    : Duration.parse(value);
              } catch (DateTimeParseException e) {
                throw new InvalidRequestException(
                    name(key),
                    "must be seconds (15) or an ISO-8601 duration (PT15S), was '" + value + "'");
              }
            });
  }

  /** A whole number. */
  public Optional<Long> number(String key) {
    return text(key)
        .map(
            value -> {
              try {
                return Long.parseLong(value);
              } catch (NumberFormatException e) {
                throw new InvalidRequestException(
                    name(key), "must be a whole number, was '" + value + "'");
              }
            });
  }

  /**
   * A whole number for an {@code int} setter; one beyond the {@code int} range is clamped to it, so
   * the builder's own range check reports it.
   */
  public Optional<Integer> integer(String key) {
    return number(key).map(n -> (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, n)));
  }

  /**
   * The HTTP settings of an adapter: {@code base-url}, {@code connect-timeout} and {@code
   * request-timeout} (seconds or ISO-8601), each taken from {@code defaults} when absent.
   *
   * @throws InvalidRequestException naming the setting in full, such as {@code
   *     communicable.twilio.request-timeout}
   */
  public HttpSettings http(HttpSettings defaults) {
    HttpSettings.Builder http = Arguments.notNull("defaults", defaults).toBuilder();
    text("base-url").ifPresent(http::baseUrl);
    duration("connect-timeout").ifPresent(http::connectTimeout);
    duration("request-timeout").ifPresent(http::requestTimeout);
    return build(http::build);
  }

  /**
   * Runs {@code build} (a config builder's {@code build()}) and renames the field of an {@link
   * InvalidRequestException} it throws to the setting's full name: {@code requestTimeout} becomes
   * {@code communicable.twilio.request-timeout}.
   */
  public <T> T build(Supplier<T> build) {
    try {
      return build.get();
    } catch (InvalidRequestException e) {
      String setting =
          e.field().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
      throw new InvalidRequestException(name(setting), e.problem());
    }
  }

  @Override
  public String toString() {
    return "Settings[" + prefix + "*]";
  }
}
