package dev.communicable.channel.email;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.email.internal.Checks;
import dev.communicable.channel.support.ConfigChecks;
import dev.communicable.channel.support.Secrets;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * How the SendGrid adapter calls the v3 Mail Send API. Immutable; made by {@link #builder()}, which
 * checks every value. {@link #toString()} masks the API key.
 */
public final class SendGridConfig {
  /** SendGrid's API endpoint. */
  public static final String DEFAULT_BASE_URL = "https://api.sendgrid.com";

  private final String apiKey;
  private final String from;
  private final String fromName;
  private final URI baseUrl;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Clock clock;

  private SendGridConfig(Builder b, URI baseUrl) {
    this.apiKey = b.apiKey;
    this.from = b.from;
    this.fromName = b.fromName;
    this.baseUrl = baseUrl;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.clock = b.clock;
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

  /** The API's base URL, without a trailing '/'. */
  public URI baseUrl() {
    return baseUrl;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** The limit on one whole request, from sending to the last byte of the answer. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** The clock that turns an HTTP-date Retry-After into a delay. */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "SendGridConfig[apiKey="
        + Secrets.mask(apiKey)
        + ", from="
        + from
        + ", baseUrl="
        + baseUrl
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + "]";
  }

  /** Builds a {@link SendGridConfig}; {@link #apiKey} and {@link #from} are required. */
  public static final class Builder {
    private String apiKey;
    private String from;
    private String fromName;
    private String baseUrl = DEFAULT_BASE_URL;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();

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
    public Builder fromName(String fromName) {
      this.fromName = fromName;
      return this;
    }

    /** Default: {@value #DEFAULT_BASE_URL}. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** Default: 5 seconds. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** Default: 30 seconds. */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    /** Default: {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = clock;
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
      URI url = ConfigChecks.baseUrl("baseUrl", baseUrl);
      ConfigChecks.positive("connectTimeout", connectTimeout);
      ConfigChecks.positive("requestTimeout", requestTimeout);
      ConfigChecks.notNull("clock", clock);
      return new SendGridConfig(this, url);
    }
  }
}
