package dev.communicable.channel.sms;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.sms.internal.Checks;
import dev.communicable.channel.support.ConfigChecks;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.channel.support.Secrets;
import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How the Twilio adapter calls the Messages API. Immutable; made by {@link #builder()}, which
 * checks every value. {@link #toString()} masks the auth token.
 */
public final class TwilioConfig {
  /** Twilio's API endpoint. */
  public static final String DEFAULT_BASE_URL = "https://api.twilio.com";

  /** Twilio refuses a Body longer than this many characters. */
  public static final int MAX_BODY_CHARACTERS = 1600;

  private static final Pattern ACCOUNT_SID = Pattern.compile("AC[0-9a-fA-F]{32}");
  private static final Pattern SERVICE_SID = Pattern.compile("MG[0-9a-fA-F]{32}");

  private final String accountSid;
  private final String authToken;
  private final @Nullable String from;
  private final @Nullable String messagingServiceSid;
  private final @Nullable URI statusCallback;
  private final int maxSegments;
  private final HttpSettings http;

  private TwilioConfig(
      Builder b, @Nullable String from, @Nullable URI statusCallback, HttpSettings http) {
    this.accountSid = b.accountSid;
    this.authToken = b.authToken;
    this.from = from;
    this.messagingServiceSid = b.messagingServiceSid;
    this.statusCallback = statusCallback;
    this.maxSegments = b.maxSegments;
    this.http = http;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The account SID ({@code AC...}), the user of basic auth and part of the path. */
  public String accountSid() {
    return accountSid;
  }

  /** The auth token: the password of basic auth and the key of callback signatures. */
  public String authToken() {
    return authToken;
  }

  /** The sender number or id; absent when a messaging service sends. */
  public Optional<String> from() {
    return Optional.ofNullable(from);
  }

  /** The messaging service ({@code MG...}) that picks the sender; absent when {@link #from()}. */
  public Optional<String> messagingServiceSid() {
    return Optional.ofNullable(messagingServiceSid);
  }

  /** Where Twilio posts delivery status (the {@code StatusCallback} parameter). */
  public Optional<URI> statusCallback() {
    return Optional.ofNullable(statusCallback);
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
    return "TwilioConfig[accountSid="
        + accountSid
        + ", authToken="
        + Secrets.mask(authToken)
        + ", from="
        + from
        + ", messagingServiceSid="
        + messagingServiceSid
        + ", statusCallback="
        + statusCallback
        + ", http="
        + http
        + ", maxSegments="
        + maxSegments
        + "]";
  }

  /**
   * Builds a {@link TwilioConfig}: {@link #accountSid}, {@link #authToken} and one of {@link #from}
   * or {@link #messagingServiceSid} are required.
   */
  public static final class Builder {
    private @Nullable String accountSid;
    private @Nullable String authToken;
    private @Nullable String from;
    private @Nullable String messagingServiceSid;
    private @Nullable String statusCallback;
    private int maxSegments = 10;
    private HttpSettings http = HttpSettings.defaults();

    private Builder() {}

    /** The account SID, {@code AC} and 32 hex digits. Required. */
    public Builder accountSid(String accountSid) {
      this.accountSid = accountSid;
      return this;
    }

    /** The auth token. Required. */
    public Builder authToken(String authToken) {
      this.authToken = authToken;
      return this;
    }

    /** The sender: an E.164 number, a short code or an alphanumeric sender id. */
    public Builder from(@Nullable String from) {
      this.from = from;
      return this;
    }

    /** A messaging service SID, {@code MG} and 32 hex digits, instead of {@link #from}. */
    public Builder messagingServiceSid(@Nullable String messagingServiceSid) {
      this.messagingServiceSid = messagingServiceSid;
      return this;
    }

    /** The URL Twilio posts status changes to. Default: none (no callbacks). */
    public Builder statusCallback(@Nullable String statusCallback) {
      this.statusCallback = statusCallback;
      return this;
    }

    /** The most segments per message, 1 to 10 (Twilio's recommended limit). Default: 10. */
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
    public TwilioConfig build() {
      if (accountSid == null || !ACCOUNT_SID.matcher(accountSid).matches()) {
        throw new InvalidRequestException(
            "accountSid", "must be 'AC' and 32 hex digits, was '" + accountSid + "'");
      }
      ConfigChecks.token("authToken", authToken);
      if ((from == null) == (messagingServiceSid == null)) {
        throw new InvalidRequestException("from", "set either from or messagingServiceSid");
      }
      String sender = from == null ? null : Checks.sender("from", from);
      if (messagingServiceSid != null && !SERVICE_SID.matcher(messagingServiceSid).matches()) {
        throw new InvalidRequestException(
            "messagingServiceSid",
            "must be 'MG' and 32 hex digits, was '" + messagingServiceSid + "'");
      }
      URI callback =
          statusCallback == null ? null : ConfigChecks.httpUrl("statusCallback", statusCallback);
      HttpSettings settings = Arguments.notNull("http", http).withDefaultBaseUrl(DEFAULT_BASE_URL);
      Arguments.between("maxSegments", maxSegments, 1, 10);
      return new TwilioConfig(this, sender, callback, settings);
    }
  }
}
