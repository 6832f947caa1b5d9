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
  private final @Nullable String fromName;
  private final HttpSettings http;

  private MailgunConfig(Builder b, HttpSettings http) {
    this.apiKey = b.apiKey;
    this.domain = b.domain;
    this.from = b.from;
    this.fromName = b.fromName;
    this.http = http;
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

  /**
   * The base URL ({@value #DEFAULT_BASE_URL} unless set), the timeouts and the clock that reads
   * HTTP-date {@code Retry-After} values.
   */
  public HttpSettings http() {
    return http;
  }

  @Override
  public String toString() {
    return "MailgunConfig[apiKey="
        + Secrets.mask(apiKey)
        + ", domain="
        + domain
        + ", from="
        + from
        + ", http="
        + http
        + "]";
  }

  /**
   * Builds a {@link MailgunConfig}; {@link #apiKey}, {@link #domain} and {@link #from} are
   * required.
   */
  public static final class Builder {
    private @Nullable String apiKey;
    private @Nullable String domain;
    private @Nullable String from;
    private @Nullable String fromName;
    private HttpSettings http = HttpSettings.defaults();

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
    public MailgunConfig build() {
      ConfigChecks.secret("apiKey", apiKey);
      if (domain == null || domain.length() > 253 || !DOMAIN.matcher(domain).matches()) {
        throw new InvalidRequestException(
            "domain", "must be a domain name such as 'mg.example.com', was '" + domain + "'");
      }
      Checks.address("from", from);
      Checks.displayName("fromName", fromName);
      HttpSettings settings = Arguments.notNull("http", http).withDefaultBaseUrl(DEFAULT_BASE_URL);
      return new MailgunConfig(this, settings);
    }
  }
}
