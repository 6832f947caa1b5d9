package dev.communicable.channel.email;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.email.internal.Checks;
import dev.communicable.channel.support.ConfigChecks;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * How the SMTP adapter reaches its server. Immutable; made by {@link #builder()}, which checks
 * every value. {@link #toString()} masks the password.
 */
public final class SmtpConfig {

  /** How the connection is protected. */
  public enum Security {
    /** Plain text. Only for a relay on the same host or a test server. */
    NONE,
    /**
     * Connect in plain text and upgrade with STARTTLS; the send fails rather than continue
     * unencrypted when the server does not offer it. The usual choice on port 587.
     */
    STARTTLS,
    /** TLS from the first byte (SMTPS, RFC 8314); the usual choice on port 465. */
    TLS
  }

  /** The most connections {@link Builder#maxIdleConnections} may keep. */
  public static final int MAX_IDLE_CONNECTIONS = 64;

  private final String host;
  private final int port;
  private final Security security;
  private final @Nullable String username;
  private final @Nullable String password;
  private final String from;
  private final @Nullable String fromName;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final long maxMessageBytes;
  private final List<String> trustedHosts;
  private final int maxIdleConnections;
  private final Duration idleTimeout;
  private final int maxMessagesPerConnection;
  private final Clock clock;

  private SmtpConfig(Builder b, int port) {
    this.host = b.host;
    this.port = port;
    this.security = b.security;
    this.username = b.username;
    this.password = b.password;
    this.from = b.from;
    this.fromName = b.fromName;
    this.connectTimeout = b.connectTimeout;
    this.readTimeout = b.readTimeout;
    this.maxMessageBytes = b.maxMessageBytes;
    this.trustedHosts = List.copyOf(b.trustedHosts);
    this.maxIdleConnections = b.maxIdleConnections;
    this.idleTimeout = b.idleTimeout;
    this.maxMessagesPerConnection = b.maxMessagesPerConnection;
    this.clock = b.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String host() {
    return host;
  }

  public int port() {
    return port;
  }

  public Security security() {
    return security;
  }

  /** The login, when the server requires authentication. */
  public Optional<String> username() {
    return Optional.ofNullable(username);
  }

  /** The password; present exactly when {@link #username()} is. */
  public Optional<String> password() {
    return Optional.ofNullable(password);
  }

  /** The sender address. */
  public String from() {
    return from;
  }

  public Optional<String> fromName() {
    return Optional.ofNullable(fromName);
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  /** The limit on each read and each write of the SMTP conversation. */
  public Duration readTimeout() {
    return readTimeout;
  }

  /** The largest MIME message, in bytes, the adapter sends; a larger one is refused unsent. */
  public long maxMessageBytes() {
    return maxMessageBytes;
  }

  /**
   * Hosts whose certificate is trusted without validation against the JDK's trust store and without
   * a host-name check.
   */
  public List<String> trustedHosts() {
    return trustedHosts;
  }

  /**
   * How many open connections are kept between sends for the next ones; 0 opens a connection per
   * message.
   */
  public int maxIdleConnections() {
    return maxIdleConnections;
  }

  /** How long a kept connection may wait unused before it is closed instead of reused. */
  public Duration idleTimeout() {
    return idleTimeout;
  }

  /** How many messages one connection carries before it is closed and a new one opened. */
  public int maxMessagesPerConnection() {
    return maxMessagesPerConnection;
  }

  /** The clock for the Date header and the age of kept connections. */
  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "SmtpConfig[host="
        + host
        + ", port="
        + port
        + ", security="
        + security
        + ", username="
        + username
        + ", password="
        + (password == null ? null : "****")
        + ", from="
        + from
        + ", connectTimeout="
        + connectTimeout
        + ", readTimeout="
        + readTimeout
        + ", maxMessageBytes="
        + maxMessageBytes
        + ", trustedHosts="
        + trustedHosts
        + ", maxIdleConnections="
        + maxIdleConnections
        + ", idleTimeout="
        + idleTimeout
        + ", maxMessagesPerConnection="
        + maxMessagesPerConnection
        + "]";
  }

  /** Builds an {@link SmtpConfig}; {@link #host} and {@link #from} are required. */
  public static final class Builder {
    private @Nullable String host;
    private int port = -1;
    private Security security = Security.STARTTLS;
    private @Nullable String username;
    private @Nullable String password;
    private @Nullable String from;
    private @Nullable String fromName;
    private Duration connectTimeout = Duration.ofSeconds(10);
    private Duration readTimeout = Duration.ofSeconds(30);
    private long maxMessageBytes = 25L * 1024 * 1024;
    private List<String> trustedHosts = List.of();
    private int maxIdleConnections = 4;
    private Duration idleTimeout = Duration.ofSeconds(60);
    private int maxMessagesPerConnection = 100;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The server's host name or address. Required. */
    public Builder host(String host) {
      this.host = host;
      return this;
    }

    /** The port. Default: 587 for STARTTLS, 465 for TLS, 25 for NONE. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Default: {@link Security#STARTTLS}. */
    public Builder security(Security security) {
      this.security = security;
      return this;
    }

    /** Authenticate with this login and password. Default: no authentication. */
    public Builder credentials(@Nullable String username, @Nullable String password) {
      this.username = username;
      this.password = password;
      return this;
    }

    /** The sender address, such as {@code no-reply@example.com}. Required. */
    public Builder from(String from) {
      this.from = from;
      return this;
    }

    /** The sender's display name. Default: none. */
    public Builder fromName(@Nullable String fromName) {
      this.fromName = fromName;
      return this;
    }

    /** Default: 10 seconds. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /** The limit on each read and write. Default: 30 seconds. */
    public Builder readTimeout(Duration readTimeout) {
      this.readTimeout = readTimeout;
      return this;
    }

    /** The largest message sent, in bytes. Default: 25 MiB. */
    public Builder maxMessageBytes(long maxMessageBytes) {
      this.maxMessageBytes = maxMessageBytes;
      return this;
    }

    /**
     * Trust these hosts' certificates without checking them against the JDK's trust store or their
     * host names (for a relay with a private, self-signed certificate). Default: none; every
     * certificate and host name is validated.
     */
    public Builder trustedHosts(String... hosts) {
      this.trustedHosts = List.of(hosts);
      return this;
    }

    /**
     * Keep up to this many connections open between sends, so that the next message skips the
     * connect, TLS handshake and AUTH; a kept connection is checked with {@code NOOP} before it is
     * reused, and closed after a failed send. 0 opens and closes a connection per message. At most
     * {@value SmtpConfig#MAX_IDLE_CONNECTIONS}. Default: 4.
     */
    public Builder maxIdleConnections(int maxIdleConnections) {
      this.maxIdleConnections = maxIdleConnections;
      return this;
    }

    /**
     * Close a kept connection that waited this long unused rather than reuse it (servers drop idle
     * clients after a few minutes). Default: 60 seconds.
     */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    /**
     * Close a connection after it carried this many messages (some servers limit it). Default: 100.
     */
    public Builder maxMessagesPerConnection(int maxMessagesPerConnection) {
      this.maxMessagesPerConnection = maxMessagesPerConnection;
      return this;
    }

    /**
     * The clock for the Date header and the age of kept connections. Default: {@link
     * Clock#systemUTC()}.
     */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Checks every value and builds the config.
     *
     * @throws InvalidRequestException naming the first wrong field
     */
    public SmtpConfig build() {
      if (host == null || host.isBlank() || ConfigChecks.hasControl(host) || host.contains(" ")) {
        throw new InvalidRequestException("host", "must be a host name, was '" + host + "'");
      }
      Arguments.notNull("security", security);
      int effectivePort =
          port != -1
              ? port
              : switch (security) {
                case STARTTLS -> 587;
                case TLS -> 465;
                case NONE -> 25;
              };
      Arguments.between("port", effectivePort, 1, 65535);
      if ((username == null) != (password == null)) {
        throw new InvalidRequestException(
            "credentials", "give both username and password, or neither");
      }
      if (username != null) {
        if (username.isBlank() || ConfigChecks.hasControl(username)) {
          throw new InvalidRequestException(
              "username", "must not be blank or hold control characters");
        }
        ConfigChecks.secret("password", password);
      }
      Checks.address("from", from);
      Checks.displayName("fromName", fromName);
      Arguments.positive("connectTimeout", connectTimeout);
      Arguments.positive("readTimeout", readTimeout);
      if (maxMessageBytes < 1024) {
        throw new InvalidRequestException(
            "maxMessageBytes", "must be at least 1024, was " + maxMessageBytes);
      }
      Arguments.notNull("trustedHosts", trustedHosts);
      for (String h : trustedHosts) {
        if (h == null || h.isBlank() || h.contains(" ")) {
          throw new InvalidRequestException("trustedHosts", "must be host names, was '" + h + "'");
        }
      }
      Arguments.between("maxIdleConnections", maxIdleConnections, 0, MAX_IDLE_CONNECTIONS);
      Arguments.positive("idleTimeout", idleTimeout);
      Arguments.positive("maxMessagesPerConnection", maxMessagesPerConnection);
      Arguments.notNull("clock", clock);
      return new SmtpConfig(this, effectivePort);
    }
  }
}
