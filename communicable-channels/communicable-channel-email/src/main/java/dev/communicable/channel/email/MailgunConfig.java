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
 * How the Mailgun adapter calls the Messages API ({@code POST /v3/{domain}/messages}). Immutable;
 * made by {@link #builder()}, which checks every value. {@link #toString()} masks the API key.
 */
public final class MailgunConfig {
  /** Mailgun's US endpoint. */
  public static final String DEFAULT_BASE_URL = "https://api.mailgun.net";

  /** Mailgun's EU endpoint, for domains created in the EU region. */
  public static final String EU_BASE_URL = "https://api.eu.mailgun.net";

  private static final java.util.regex.Pattern DOMAIN =
      java.util.regex.Pattern.compile(
          "(?i)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)+");

  private final String apiKey;
  private final String domain;
  private final String from;
  private final String fromName;
  private final URI baseUrl;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Clock clock;

  private MailgunConfig(Builder b, URI baseUrl) {
    this.apiKey = b.apiKey;
    this.domain = b.domain;
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

  /** The API key (or a domain sending key), sent as the password of basic auth user {@code api}. */
  public String apiKey() {
    return apiKey;
  }

  /** The sending domain, as configured in Mailgun, such as {@code mg.example.com}. */
  public String domain() {
    return domain;
  }

  /** The sender address, normally at the sending domain. */
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
    return "MailgunConfig[apiKey="
        + Secrets.mask(apiKey)
        + ", domain="
        + domain
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

  /**
   * Builds a {@link MailgunConfig}; {@link #apiKey}, {@link #domain} and {@link #from} are
   * required.
   */
  public static final class Builder {
    private String apiKey;
    private String domain;
    private String from;
    private String fromName;
    private String baseUrl = DEFAULT_BASE_URL;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The private API key or a domain sending key. Required. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** The sending domain. Required. */
    public Builder domain(String domain) {
      this.domain = domain;
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

    /** Default: {@value #DEFAULT_BASE_URL}; {@value #EU_BASE_URL} for an EU domain. */
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
    public MailgunConfig build() {
      ConfigChecks.secret("apiKey", apiKey);
      if (domain == null || domain.length() > 253 || !DOMAIN.matcher(domain).matches()) {
        throw new InvalidRequestException(
            "domain", "must be a domain name such as 'mg.example.com', was '" + domain + "'");
      }
      Checks.address("from", from);
      Checks.displayName("fromName", fromName);
      URI url = ConfigChecks.baseUrl("baseUrl", baseUrl);
      ConfigChecks.positive("connectTimeout", connectTimeout);
      ConfigChecks.positive("requestTimeout", requestTimeout);
      ConfigChecks.notNull("clock", clock);
      return new MailgunConfig(this, url);
    }
  }
}
