package dev.communicable.channel.email;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.email.internal.Checks;
import dev.communicable.channel.support.ConfigChecks;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.channel.support.Secrets;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How the SendGrid adapter calls the v3 Mail Send API. Immutable; made by {@link #builder()}, which
 * checks every value. {@link #toString()} masks the API key.
 */
public final class SendGridConfig {
  /** SendGrid's API endpoint. */
  public static final String DEFAULT_BASE_URL = "https://api.sendgrid.com";

  private final String apiKey;
  private final String from;
  private final @Nullable String fromName;
  private final HttpSettings http;

  private SendGridConfig(Builder b, HttpSettings http) {
    this.apiKey = b.apiKey;
    this.from = b.from;
    this.fromName = b.fromName;
    this.http = http;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The API key, sent as a bearer token. */
  public String apiKey() {
    return apiKey;
  }

  /** The sender address (a verified sender or an address of an authenticated domain). */
  public String from() {
    return from;
  }

  public Optional<String> fromName() {
    return Optional.ofNullable(fromName);
  }

  /**
   * The base URL ({@value #DEFAULT_BASE_URL} unless set), the timeouts and the clock that reads
   * HTTP-date {@code Retry-After} values.
   */
  public HttpSettings http() {
    return http;
  }

  @Override
  public String toString() {
    return "SendGridConfig[apiKey="
        + Secrets.mask(apiKey)
        + ", from="
        + from
        + ", http="
        + http
        + "]";
  }

  /** Builds a {@link SendGridConfig}; {@link #apiKey} and {@link #from} are required. */
  public static final class Builder {
    private @Nullable String apiKey;
    private @Nullable String from;
    private @Nullable String fromName;
    private HttpSettings http = HttpSettings.defaults();

    private Builder() {}

    /** The API key with Mail Send permission. Required. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** The sender address. Required. */
    public Builder from(String from) {
      this.from = from;
      return this;
    }

    /** The sender's display name. Default: none. */
    public Builder fromName(@Nullable String fromName) {
      this.fromName = fromName;
      return this;
    }

    /**
     * The base URL, the timeouts and the clock. Default: {@link HttpSettings#defaults()} (5 s to
     * connect, 30 s per request) with the base URL {@value #DEFAULT_BASE_URL}, which applies
     * whenever {@code http} names none.
     */
    public Builder http(HttpSettings http) {
      this.http = http;
      return this;
    }

    /**
     * Checks every value and builds the config.
     *
     * @throws InvalidRequestException naming the first wrong field
     */
    public SendGridConfig build() {
      ConfigChecks.secret("apiKey", apiKey);
      Checks.address("from", from);
      Checks.displayName("fromName", fromName);
      HttpSettings settings = Arguments.notNull("http", http).withDefaultBaseUrl(DEFAULT_BASE_URL);
      return new SendGridConfig(this, settings);
    }
  }
}
