package dev.communicable.channel.webhook;

import dev.communicable.InvalidRequestException;
import java.net.IDN;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of the chat adapter. By default it picks the message shape from the webhook URL's host
 * ({@code hooks.slack.com}, {@code discord.com/api/webhooks}, Teams and Workflows hosts); {@link
 * Builder#kind} fixes one shape for every URL, and {@link Builder#host} adds a host of your own (a
 * proxy, a test server). Immutable.
 */
public final class ChatConfig {
  private final Optional<ChatKind> kind;
  private final Map<String, ChatKind> hosts;
  private final EgressRules egress;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final int maxRedirects;
  private final String userAgent;
  private final Clock clock;

  private ChatConfig(Builder builder) {
    this.kind = Optional.ofNullable(builder.kind);
    this.hosts = Map.copyOf(builder.hosts);
    this.egress = builder.egress;
    this.connectTimeout = builder.connectTimeout;
    this.requestTimeout = builder.requestTimeout;
    this.maxRedirects = builder.maxRedirects;
    this.userAgent = builder.userAgent;
    this.clock = builder.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The one shape used for every URL, if fixed. */
  public Optional<ChatKind> kind() {
    return kind;
  }

  /** Extra hosts (lower case) and the shape each takes, besides the services' own hosts. */
  public Map<String, ChatKind> hosts() {
    return hosts;
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

  /** How many redirects are followed; 0 means none. */
  public int maxRedirects() {
    return maxRedirects;
  }

  /** The {@code User-Agent} header. */
  public String userAgent() {
    return userAgent;
  }

  /** The clock that reads {@code Retry-After} dates. */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "ChatConfig[kind="
        + kind.map(ChatKind::providerName).orElse("by host")
        + ", hosts="
        + hosts
        + ", egress="
        + egress
        + ", connectTimeout="
        + connectTimeout
        + ", requestTimeout="
        + requestTimeout
        + ", maxRedirects="
        + maxRedirects
        + "]";
  }

  /** Builds a {@link ChatConfig}. */
  public static final class Builder {
    private ChatKind kind;
    private final Map<String, ChatKind> hosts = new LinkedHashMap<>();
    private EgressRules egress = EgressRules.strict();
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(15);
    private int maxRedirects;
    private String userAgent = "Communicable-Chat/1";
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** Uses {@code kind}'s message shape for every URL. Default: chosen by the URL's host. */
    public Builder kind(ChatKind kind) {
      this.kind = Objects.requireNonNull(kind, "kind");
      return this;
    }

    /**
     * Treats URLs on {@code host} as {@code kind}, besides the services' own hosts.
     *
     * @throws InvalidRequestException naming {@code hosts} when {@code host} is not a host name
     */
    public Builder host(String host, ChatKind kind) {
      Objects.requireNonNull(kind, "kind");
      if (host == null || host.isBlank() || host.contains("/") || host.contains(":")) {
        throw new InvalidRequestException("hosts", "must be a bare host name, was '" + host + "'");
      }
      String ascii;
      try {
        ascii = IDN.toASCII(host.strip()).toLowerCase(Locale.ROOT);
      } catch (IllegalArgumentException e) {
        throw new InvalidRequestException("hosts", "must be a bare host name, was '" + host + "'");
      }
      hosts.put(ascii, kind);
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

    /** How long to wait for the answer to one request. Default 15 seconds; at most 5 minutes. */
    public Builder requestTimeout(Duration timeout) {
      this.requestTimeout = HttpOptions.timeout("requestTimeout", timeout);
      return this;
    }

    /**
     * Follows up to {@code hops} redirects, each new location passing the egress rules. Default 0:
     * a redirect is a permanent failure.
     */
    public Builder followRedirects(int hops) {
      this.maxRedirects = HttpOptions.redirects(hops);
      return this;
    }

    /** The {@code User-Agent} header. Default {@code Communicable-Chat/1}. */
    public Builder userAgent(String userAgent) {
      this.userAgent = HttpOptions.userAgent(userAgent);
      return this;
    }

    /** The clock for {@code Retry-After} dates. Default {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    public ChatConfig build() {
      return new ChatConfig(this);
    }
  }
}
