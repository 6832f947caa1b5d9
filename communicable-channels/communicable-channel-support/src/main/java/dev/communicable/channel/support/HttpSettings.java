package dev.communicable.channel.support;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How an adapter talks HTTP to its provider: the API's base URL, the connect timeout, the timeout
 * of one whole request, and the clock that reads {@code Retry-After} dates. Every HTTP provider
 * config (SendGrid, Mailgun, Twilio, Vonage, push, webhook, chat) holds one, so that these settings
 * are named, defaulted and checked the same everywhere. Immutable; made by {@link #builder()}.
 *
 * <pre>{@code
 * HttpSettings http = HttpSettings.builder()
 *     .baseUrl("https://api.eu.mailgun.net")
 *     .requestTimeout(Duration.ofSeconds(10))
 *     .build();
 * MailgunConfig config = MailgunConfig.builder()...http(http).build();
 * }</pre>
 *
 * <p>The base URL is optional: left out, the provider's own applies ({@link
 * #withDefaultBaseUrl(String)}). An adapter whose deliveries each name their URL (webhook, chat,
 * Web Push) refuses one.
 */
public final class HttpSettings {
  /** The connect timeout unless set: 5 seconds. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

  /**
   * The request timeout unless set: 30 seconds. A provider whose documentation asks for another
   * says so in its config's Javadoc.
   */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);

  /** The longest connect or request timeout: 5 minutes. */
  public static final Duration MAX_TIMEOUT = Duration.ofMinutes(5);

  private static final Duration MIN_TIMEOUT = Duration.ofMillis(1);

  private final @Nullable URI baseUrl;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Clock clock;

  private HttpSettings(
      @Nullable URI baseUrl, Duration connectTimeout, Duration requestTimeout, Clock clock) {
    this.baseUrl = baseUrl;
    this.connectTimeout = connectTimeout;
    this.requestTimeout = requestTimeout;
    this.clock = clock;
  }

  /** The defaults: no base URL (the provider's own), 5 s to connect, 30 s per request, UTC. */
  public static HttpSettings defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to change some of them. */
  public Builder toBuilder() {
    Builder b = new Builder();
    if (baseUrl != null) {
      b.baseUrl(baseUrl.toString());
    }
    b.connectTimeout = connectTimeout;
    b.requestTimeout = requestTimeout;
    b.clock = clock;
    return b;
  }

  /**
   * These settings, with {@code defaultBaseUrl} as the base URL when none was set.
   *
   * @throws InvalidRequestException naming {@code baseUrl} when {@code defaultBaseUrl} is not an
   *     http(s) URL without query
   */
  public HttpSettings withDefaultBaseUrl(String defaultBaseUrl) {
    if (baseUrl != null) {
      return this;
    }
    return new HttpSettings(
        ConfigChecks.baseUrl("baseUrl", defaultBaseUrl), connectTimeout, requestTimeout, clock);
  }

  /**
   * The API's base URL, without a trailing {@code '/'}, so that {@code base + "/v3/mail/send"} is
   * an endpoint; empty when not set.
   */
  public Optional<URI> baseUrl() {
    return Optional.ofNullable(baseUrl);
  }

  /**
   * The base URL followed by {@code path} (which starts with {@code '/'}), such as {@code
   * https://api.sendgrid.com/v3/mail/send}.
   *
   * @throws IllegalStateException when no base URL was set
   */
  public URI endpoint(String path) {
    if (baseUrl == null) {
      throw new IllegalStateException("no base URL to resolve " + path + " against");
    }
    return URI.create(baseUrl + path);
  }

  /** How long to wait for a connection. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** The limit on one whole request, from sending to the last byte of the answer. */
  public Duration requestTimeout() {
    return requestTimeout;
  }

  /** The clock that turns an HTTP-date {@code Retry-After} into a delay. */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "HttpSettings[baseUrl="
        + baseUrl
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + "]";
  }

  /**
   * Builds {@link HttpSettings}; every value has a default. The values are checked by {@link
   * #build()}, each failure an {@link InvalidRequestException} naming the setter ({@code
   * "requestTimeout"}), so that a config builder that holds one reports them from its own {@code
   * build()}.
   */
  public static final class Builder {
    private @Nullable String baseUrl;
    private boolean baseUrlSet;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration requestTimeout = DEFAULT_REQUEST_TIMEOUT;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * The API's base URL: an absolute http(s) URL without query or fragment; a trailing {@code '/'}
     * is dropped. Default: none, the provider's own.
     */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      this.baseUrlSet = true;
      return this;
    }

    /**
     * How long to wait for a connection: 1 ms to {@link #MAX_TIMEOUT}. Default: {@link
     * #DEFAULT_CONNECT_TIMEOUT}, 5 seconds.
     */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /**
     * How long to wait for the whole answer to one request: 1 ms to {@link #MAX_TIMEOUT}. Default:
     * {@link #DEFAULT_REQUEST_TIMEOUT}, 30 seconds.
     */
    public Builder requestTimeout(Duration requestTimeout) {
      this.requestTimeout = requestTimeout;
      return this;
    }

    /** The clock for HTTP-date {@code Retry-After} values. Default: {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Checks every value and builds the settings.
     *
     * @throws InvalidRequestException naming the first wrong value: {@code baseUrl}, {@code
     *     connectTimeout}, {@code requestTimeout} or {@code clock}
     */
    public HttpSettings build() {
      URI url = baseUrlSet ? ConfigChecks.baseUrl("baseUrl", baseUrl) : null;
      return new HttpSettings(
          url,
          Arguments.between("connectTimeout", connectTimeout, MIN_TIMEOUT, MAX_TIMEOUT),
          Arguments.between("requestTimeout", requestTimeout, MIN_TIMEOUT, MAX_TIMEOUT),
          Arguments.notNull("clock", clock));
    }
  }
}
