package dev.communicable.channel.webhook;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.support.ConfigChecks;
import dev.communicable.channel.support.HttpSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Settings of the Standard Webhooks adapter. Immutable; {@link #toString()} never shows a secret.
 *
 * <pre>{@code
 * ChannelAdapter webhooks = WebhookAdapters.webhook(WebhookConfig.builder()
 *     .secret(System.getenv("WEBHOOK_SECRET"))       // whsec_...
 *     .build());
 * }</pre>
 */
public final class WebhookConfig {
  /**
   * The HTTP settings unless set: {@link HttpSettings#defaults()} but a 15-second request timeout,
   * the low end of the 15 to 30 seconds the Standard Webhooks specification suggests.
   */
  public static final HttpSettings DEFAULT_HTTP =
      HttpSettings.builder().requestTimeout(Duration.ofSeconds(15)).build();

  /** The most redirects {@link Builder#followRedirects} may allow. */
  public static final int MAX_REDIRECTS = 10;

  /** Default limit on a request body: 256 KiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024;

  private final List<WebhookSecret> secrets;
  private final EgressRules egress;
  private final int maxBodyBytes;
  private final int maxRedirects;
  private final String userAgent;
  private final HttpSettings http;

  private WebhookConfig(Builder builder, HttpSettings http) {
    this.secrets = List.copyOf(builder.secrets);
    this.egress = builder.egress;
    this.maxBodyBytes = builder.maxBodyBytes;
    this.maxRedirects = builder.maxRedirects;
    this.userAgent = builder.userAgent;
    this.http = http;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The signing secrets, in order; each signs every request. */
  public List<WebhookSecret> secrets() {
    return secrets;
  }

  /** Where requests may go. */
  public EgressRules egress() {
    return egress;
  }

  /** The largest request body sent; a bigger one is refused before any network call. */
  public int maxBodyBytes() {
    return maxBodyBytes;
  }

  /** How many redirects are followed; 0 means none (a redirect is a permanent failure). */
  public int maxRedirects() {
    return maxRedirects;
  }

  /** The {@code User-Agent} header. */
  public String userAgent() {
    return userAgent;
  }

  /**
   * The timeouts, and the clock that stamps {@code webhook-timestamp} and reads {@code Retry-After}
   * dates; no base URL, since each delivery names its own URL.
   */
  public HttpSettings http() {
    return http;
  }

  @Override
  public String toString() {
    return "WebhookConfig[secrets="
        + secrets.size()
        + " (hidden), egress="
        + egress
        + ", http="
        + http
        + ", maxBodyBytes="
        + maxBodyBytes
        + ", maxRedirects="
        + maxRedirects
        + ", userAgent="
        + userAgent
        + "]";
  }

  /** Builds a {@link WebhookConfig}; at least one secret is required. */
  public static final class Builder {
    private final List<WebhookSecret> secrets = new ArrayList<>();
    private EgressRules egress = EgressRules.strict();
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxRedirects;
    private String userAgent = "Communicable-Webhooks/1";
    private HttpSettings http = DEFAULT_HTTP;

    private Builder() {}

    /**
     * Adds a signing secret {@code whsec_<base64>}. Every secret signs every request, so during a
     * rotation give the new and the old one: receivers holding either accept the message.
     */
    public Builder secret(String serialized) {
      return secret(WebhookSecret.parse(serialized));
    }

    /** Adds a signing secret; see {@link #secret(String)}. */
    public Builder secret(WebhookSecret secret) {
      secrets.add(Arguments.notNull("secret", secret));
      return this;
    }

    /** Where requests may go. Default {@link EgressRules#strict()}. */
    public Builder egress(EgressRules egress) {
      this.egress = Arguments.notNull("egress", egress);
      return this;
    }

    /** The largest request body sent. Default 256 KiB; 1 byte to 10 MiB. */
    public Builder maxBodyBytes(int bytes) {
      this.maxBodyBytes = Arguments.between("maxBodyBytes", bytes, 1, 10 * 1024 * 1024);
      return this;
    }

    /**
     * Follows up to {@code hops} redirects (301, 302, 307, 308, resending the POST), each new
     * location passing the egress rules. Default 0: a redirect is a permanent failure, as the
     * specification recommends; the receiver should update the URL instead.
     */
    public Builder followRedirects(int hops) {
      this.maxRedirects = Arguments.between("followRedirects", hops, 0, MAX_REDIRECTS);
      return this;
    }

    /** The {@code User-Agent} header. Default {@code Communicable-Webhooks/1}. */
    public Builder userAgent(String userAgent) {
      this.userAgent = ConfigChecks.headerValue("userAgent", userAgent);
      return this;
    }

    /**
     * The timeouts and the clock. Default: {@link #DEFAULT_HTTP}: 5 seconds to connect and 15
     * seconds per request, the low end of the 15 to 30 seconds the Standard Webhooks specification
     * suggests; {@link HttpSettings#MAX_TIMEOUT} at most. A base URL does not apply (each delivery
     * names its URL) and is refused by {@link #build()}.
     */
    public Builder http(HttpSettings http) {
      this.http = http;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws InvalidRequestException when no secret was given
     */
    public WebhookConfig build() {
      Arguments.check(
          !secrets.isEmpty(), "secrets", "at least one signing secret (whsec_...) is required");
      return new WebhookConfig(this, checked(http));
    }
  }

  /** {@code http}, which must not name a base URL: each delivery names its own URL. */
  static HttpSettings checked(HttpSettings http) {
    Arguments.notNull("http", http);
    Arguments.check(
        http.baseUrl().isEmpty(),
        "baseUrl",
        "does not apply: each delivery names its URL, was " + http.baseUrl().orElse(null));
    return http;
  }
}
