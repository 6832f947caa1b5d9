package dev.communicable.channel.sms;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.sms.internal.Checks;
import dev.communicable.channel.support.ConfigChecks;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.channel.support.Secrets;
import java.net.URI;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

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
  private final @Nullable URI callback;
  private final int maxSegments;
  private final HttpSettings http;

  private VonageConfig(Builder b, String from, @Nullable URI callback, HttpSettings http) {
    this.apiKey = b.apiKey;
    this.apiSecret = b.apiSecret;
    this.from = from;
    this.callback = callback;
    this.maxSegments = b.maxSegments;
    this.http = http;
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

  /** The most segments one message may take; a longer text is refused before any call. */
  public int maxSegments() {
    return maxSegments;
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
    return "VonageConfig[apiKey="
        + apiKey
        + ", apiSecret="
        + Secrets.mask(apiSecret)
        + ", from="
        + from
        + ", callback="
        + callback
        + ", http="
        + http
        + ", maxSegments="
        + maxSegments
        + "]";
  }

  /** Builds a {@link VonageConfig}: {@link #apiKey}, {@link #apiSecret} and {@link #from}. */
  public static final class Builder {
    private @Nullable String apiKey;
    private @Nullable String apiSecret;
    private @Nullable String from;
    private @Nullable String callback;
    private int maxSegments = 6;
    private HttpSettings http = HttpSettings.defaults();

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
    public Builder callback(@Nullable String callback) {
      this.callback = callback;
      return this;
    }

    /** The most segments per message, 1 to 10. Default: 6. */
    public Builder maxSegments(int maxSegments) {
      this.maxSegments = maxSegments;
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
    public VonageConfig build() {
      ConfigChecks.token("apiKey", apiKey);
      ConfigChecks.token("apiSecret", apiSecret);
      String sender = Checks.sender("from", from);
      URI cb = callback == null ? null : ConfigChecks.httpUrl("callback", callback);
      HttpSettings settings = Arguments.notNull("http", http).withDefaultBaseUrl(DEFAULT_BASE_URL);
      Arguments.between("maxSegments", maxSegments, 1, 10);
      return new VonageConfig(this, sender, cb, settings);
    }
  }
}
