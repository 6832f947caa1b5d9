package dev.communicable.channel.webhook;

import dev.communicable.InvalidRequestException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
  /** Default limit on a request body: 256 KiB. */
  public static final int DEFAULT_MAX_BODY_BYTES = 256 * 1024;

  private final List<WebhookSecret> secrets;
  private final EgressRules egress;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final int maxBodyBytes;
  private final int maxRedirects;
  private final String userAgent;
  private final Clock clock;

  private WebhookConfig(Builder builder) {
    this.secrets = List.copyOf(builder.secrets);
    this.egress = builder.egress;
    this.connectTimeout = builder.connectTimeout;
    this.requestTimeout = builder.requestTimeout;
    this.maxBodyBytes = builder.maxBodyBytes;
    this.maxRedirects = builder.maxRedirects;
    this.userAgent = builder.userAgent;
    this.clock = builder.clock;
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

  /** How long to wait for a connection. */
  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** How long to wait for the answer to one request. */
  public Duration requestTimeout() {
    return requestTimeout;
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

  /** The clock that stamps {@code webhook-timestamp} and reads {@code Retry-After} dates. */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "WebhookConfig[secrets="
        + secrets.size()
        + " (hidden), egress="
        + egress
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
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
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(15);
    private int maxBodyBytes = DEFAULT_MAX_BODY_BYTES;
    private int maxRedirects;
    private String userAgent = "Communicable-Webhooks/1";
    private Clock clock = Clock.systemUTC();

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
      secrets.add(Objects.requireNonNull(secret, "secret"));
      return this;
    }

    /** Where requests may go. Default {@link EgressRules#strict()}. */
    public Builder egress(EgressRules egress) {
      this.egress = Objects.requireNonNull(egress, "egress");
      return this;
    }

    /** How long to wait for a connection. Default 5 seconds; at most 5 minutes. */
    public Builder connectTimeout(Duration timeout) {
      this.connectTimeout = HttpOptions.timeout("connectTimeout", timeout);
      return this;
    }

    /**
     * How long to wait for the answer to one request. Default 15 seconds (the specification
     * suggests 15 to 30); at most 5 minutes.
     */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = HttpOptions.timeout("requestTimeout", timeout);
      return this;
    }

    /** The largest request body sent. Default 256 KiB; 1 byte to 10 MiB. */
    public Builder maxBodyBytes(int bytes) {
      if (bytes < 1 || bytes > 10 * 1024 * 1024) {
        throw new InvalidRequestException(
            "maxBodyBytes", "must be between 1 and 10485760, was " + bytes);
      }
      this.maxBodyBytes = bytes;
      return this;
    }

    /**
     * Follows up to {@code hops} redirects (301, 302, 307, 308, resending the POST), each new
     * location passing the egress rules. Default 0: a redirect is a permanent failure, as the
     * specification recommends; the receiver should update the URL instead.
     */
    public Builder followRedirects(int hops) {
      this.maxRedirects = HttpOptions.redirects(hops);
      return this;
    }

    /** The {@code User-Agent} header. Default {@code Communicable-Webhooks/1}. */
    public Builder userAgent(String userAgent) {
      this.userAgent = HttpOptions.userAgent(userAgent);
      return this;
    }

    /** The clock for {@code webhook-timestamp}. Default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * The configuration.
     *
     * @throws InvalidRequestException when no secret was given
     */
    public WebhookConfig build() {
      if (secrets.isEmpty()) {
        throw new InvalidRequestException(
            "secrets", "at least one signing secret (whsec_...) is required");
      }
      return new WebhookConfig(this);
    }
  }
}
