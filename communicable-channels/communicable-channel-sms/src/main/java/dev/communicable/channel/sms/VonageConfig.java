package dev.communicable.channel.sms;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.sms.internal.Checks;
import dev.communicable.channel.support.ConfigChecks;
import dev.communicable.channel.support.Secrets;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * How the Vonage adapter calls the SMS API ({@code POST /sms/json}). Immutable; made by {@link
 * #builder()}, which checks every value. {@link #toString()} masks the API secret.
 */
public final class VonageConfig {
  /** Vonage's SMS API endpoint. */
  public static final String DEFAULT_BASE_URL = "https://rest.nexmo.com";

  private final String apiKey;
  private final String apiSecret;
  private final String from;
  private final URI callback;
  private final URI baseUrl;
  private final int maxSegments;
  private final Duration connectTimeout;
  private final Duration requestTimeout;
  private final Clock clock;

  private VonageConfig(Builder b, String from, URI callback, URI baseUrl) {
    this.apiKey = b.apiKey;
    this.apiSecret = b.apiSecret;
    this.from = from;
    this.callback = callback;
    this.baseUrl = baseUrl;
    this.maxSegments = b.maxSegments;
    this.connectTimeout = b.connectTimeout;
    this.requestTimeout = b.requestTimeout;
    this.clock = b.clock;
  }

  public static Builder builder() {
    return new Builder();
  }

  public String apiKey() {
    return apiKey;
  }

  public String apiSecret() {
    return apiSecret;
  }

  /** The sender: an E.164 number, a short code or an alphanumeric sender id. */
  public String from() {
    return from;
  }

  /** Where Vonage sends delivery receipts (the {@code callback} parameter). */
  public Optional<URI> callback() {
    return Optional.ofNullable(callback);
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /** The most segments one message may take; a longer text is refused before any call. */
  public int maxSegments() {
    return maxSegments;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration requestTimeout() {
    return requestTimeout;
  }

  public Clock clock() {
    return clock;
  }

  @Override
  public String toString() {
    return "VonageConfig[apiKey="
        + apiKey
        + ", apiSecret="
        + Secrets.mask(apiSecret)
        + ", from="
        + from
        + ", callback="
        + callback
        + ", baseUrl="
        + baseUrl
        + ", maxSegments="
        + maxSegments
        + "]";
  }

  /** Builds a {@link VonageConfig}: {@link #apiKey}, {@link #apiSecret} and {@link #from}. */
  public static final class Builder {
    private String apiKey;
    private String apiSecret;
    private String from;
    private String callback;
    private String baseUrl = DEFAULT_BASE_URL;
    private int maxSegments = 6;
    private Duration connectTimeout = Duration.ofSeconds(5);
    private Duration requestTimeout = Duration.ofSeconds(30);
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /** The API key. Required. */
    public Builder apiKey(String apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    /** The API secret. Required. */
    public Builder apiSecret(String apiSecret) {
      this.apiSecret = apiSecret;
      return this;
    }

    /** The sender. Required. */
    public Builder from(String from) {
      this.from = from;
      return this;
    }

    /** The delivery-receipt URL for these messages. Default: the account's setting. */
    public Builder callback(String callback) {
      this.callback = callback;
      return this;
    }

    /** Default: {@value #DEFAULT_BASE_URL}. */
    public Builder baseUrl(String baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /** The most segments per message, 1 to 10. Default: 6. */
    public Builder maxSegments(int maxSegments) {
      this.maxSegments = maxSegments;
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

    /** The clock for HTTP-date Retry-After values. Default: {@link Clock#systemUTC()}. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * Checks every value and builds the config.
     *
     * @throws InvalidRequestException naming the first wrong field
     */
    public VonageConfig build() {
      ConfigChecks.token("apiKey", apiKey);
      ConfigChecks.token("apiSecret", apiSecret);
      String sender = Checks.sender("from", from);
      URI cb = callback == null ? null : ConfigChecks.httpUrl("callback", callback);
      URI base = ConfigChecks.baseUrl("baseUrl", baseUrl);
      Checks.segments("maxSegments", maxSegments, 10);
      ConfigChecks.positive("connectTimeout", connectTimeout);
      ConfigChecks.positive("requestTimeout", requestTimeout);
      ConfigChecks.notNull("clock", clock);
      return new VonageConfig(this, sender, cb, base);
    }
  }
}
