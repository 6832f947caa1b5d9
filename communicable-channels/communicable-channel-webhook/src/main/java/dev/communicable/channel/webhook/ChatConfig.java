package dev.communicable.channel.webhook;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.support.ConfigChecks;
import dev.communicable.channel.support.HttpSettings;
import java.net.IDN;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
  private final int maxRedirects;
  private final String userAgent;
  private final HttpSettings http;

  private ChatConfig(Builder builder, HttpSettings http) {
    this.kind = Optional.ofNullable(builder.kind);
    this.hosts = Map.copyOf(builder.hosts);
    this.egress = builder.egress;
    this.maxRedirects = builder.maxRedirects;
    this.userAgent = builder.userAgent;
    this.http = http;
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

  /** How many redirects are followed; 0 means none. */
  public int maxRedirects() {
    return maxRedirects;
  }

  /** The {@code User-Agent} header. */
  public String userAgent() {
    return userAgent;
  }

  /**
   * The timeouts, and the clock that reads {@code Retry-After} dates; no base URL, since each
   * delivery names its own URL.
   */
  public HttpSettings http() {
    return http;
  }

  @Override
  public String toString() {
    return "ChatConfig[kind="
        + kind.map(ChatKind::providerName).orElse("by host")
        + ", hosts="
        + hosts
        + ", egress="
        + egress
        + ", http="
        + http
        + ", maxRedirects="
        + maxRedirects
        + "]";
  }

  /** Builds a {@link ChatConfig}. */
  public static final class Builder {
    private @Nullable ChatKind kind;
    private final Map<String, ChatKind> hosts = new LinkedHashMap<>();
    private EgressRules egress = EgressRules.strict();
    private int maxRedirects;
    private String userAgent = "Communicable-Chat/1";
    private HttpSettings http = HttpSettings.defaults();

    private Builder() {}

    /** Uses {@code kind}'s message shape for every URL. Default: chosen by the URL's host. */
    public Builder kind(ChatKind kind) {
      this.kind = Arguments.notNull("kind", kind);
      return this;
    }

    /**
     * Treats URLs on {@code host} as {@code kind}, besides the services' own hosts.
     *
     * @throws InvalidRequestException naming {@code hosts} when {@code host} is not a host name
     */
    public Builder host(String host, ChatKind kind) {
      Arguments.notNull("kind", kind);
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
      this.egress = Arguments.notNull("egress", egress);
      return this;
    }

    /**
     * Follows up to {@code hops} redirects, each new location passing the egress rules. Default 0:
     * a redirect is a permanent failure.
     */
    public Builder followRedirects(int hops) {
      this.maxRedirects =
          Arguments.between("followRedirects", hops, 0, WebhookConfig.MAX_REDIRECTS);
      return this;
    }

    /** The {@code User-Agent} header. Default {@code Communicable-Chat/1}. */
    public Builder userAgent(String userAgent) {
      this.userAgent = ConfigChecks.headerValue("userAgent", userAgent);
      return this;
    }

    /**
     * The timeouts and the clock. Default: {@link HttpSettings#defaults()}, 5 seconds to connect
     * and 30 seconds per request. A base URL does not apply (each delivery names its URL) and is
     * refused by {@link #build()}.
     */
    public Builder http(HttpSettings http) {
      this.http = http;
      return this;
    }

    /**
     * The configuration.
     *
     * @throws InvalidRequestException when {@code http} is null or names a base URL
     */
    public ChatConfig build() {
      return new ChatConfig(this, WebhookConfig.checked(http));
    }
  }
}
