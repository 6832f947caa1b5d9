package dev.communicable.channel.push;

import com.fasterxml.jackson.databind.JsonNode;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.support.HttpStatuses;
import dev.communicable.channel.support.ProviderHttp;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * OAuth 2.0 access tokens for FCM: a service-account JWT (RS256) exchanged at the token endpoint
 * with the {@code jwt-bearer} grant, cached until {@code tokenRefreshMargin} before it expires.
 * Concurrent senders share one exchange.
 */
final class FcmAccessTokens {
  static final String GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer";
  static final String SCOPE = "https://www.googleapis.com/auth/firebase.messaging";
  private static final Duration ASSERTION_LIFETIME = Duration.ofHours(1);

  private final FcmConfig config;
  private final ProviderHttp http;
  private final Clock clock;

  private @Nullable String token;
  private Instant refreshAt = Instant.MIN;

  FcmAccessTokens(FcmConfig config, ProviderHttp http) {
    this.config = config;
    this.http = http;
    this.clock = http.clock();
  }

  /** Why no token could be had, as the send result it leads to. */
  static final class Unavailable extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient SendResult result;

    Unavailable(SendResult result) {
      super(result.toString(), null, false, false);
      this.result = result;
    }

    SendResult result() {
      return result;
    }
  }

  /** A valid access token, from the cache or a fresh exchange. */
  synchronized String token() throws Unavailable, InterruptedException {
    Instant now = clock.instant();
    if (token != null && now.isBefore(refreshAt)) {
      return token;
    }
    return exchange(now);
  }

  /** Drops {@code rejected} so the next call exchanges again (FCM answered 401 to it). */
  synchronized void invalidate(String rejected) {
    if (rejected.equals(token)) {
      token = null;
    }
  }

  private String exchange(Instant now) throws Unavailable, InterruptedException {
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("alg", "RS256");
    header.put("typ", "JWT");
    if (config.privateKeyId() != null) {
      header.put("kid", config.privateKeyId());
    }
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("iss", config.clientEmail());
    claims.put("scope", SCOPE);
    claims.put("aud", config.tokenUri().toString());
    claims.put("iat", now.getEpochSecond());
    claims.put("exp", now.plus(ASSERTION_LIFETIME).getEpochSecond());
    String assertion = Jws.rs256(header, claims, config.privateKey());
    String form =
        "grant_type="
            + URLEncoder.encode(GRANT_TYPE, StandardCharsets.UTF_8)
            + "&assertion="
            + URLEncoder.encode(assertion, StandardCharsets.UTF_8);
    HttpRequest request =
        http.request(config.tokenUri())
            .header("Content-Type", "application/x-www-form-urlencoded")
            .header("Accept", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build();
    ProviderHttp.Response response;
    try {
      response = http.send(request);
    } catch (IOException e) {
      throw new Unavailable(
          SendResult.retryable(
              PushAddress.FCM, "OAuth token endpoint unreachable: " + e.getMessage()));
    }
    int status = response.status();
    JsonNode body = readJson(response.body());
    if (status == 200 && body.path("access_token").isTextual()) {
      long lifetime = body.path("expires_in").asLong(3600);
      Duration life = Duration.ofSeconds(Math.max(1, lifetime));
      Duration margin = config.tokenRefreshMargin();
      Duration reuse = margin.compareTo(life) < 0 ? life.minus(margin) : life.dividedBy(2);
      token = body.path("access_token").asText();
      refreshAt = now.plus(reuse);
      return token;
    }
    String error = body.path("error").asText("http_" + status);
    String description = body.path("error_description").asText("");
    String reason =
        "OAuth token exchange failed with "
            + status
            + " "
            + error
            + (description.isEmpty() ? "" : ": " + description);
    throw new Unavailable(
        HttpStatuses.failure(
            PushAddress.FCM, status, "oauth_" + error, reason, http.retryAfter(response)));
  }

  private static JsonNode readJson(@Nullable String text) {
    try {
      JsonNode node = Jws.JSON.readTree(text == null ? "" : text);
      return node == null ? Jws.JSON.createObjectNode() : node;
    } catch (IOException e) {
      return Jws.JSON.createObjectNode();
    }
  }
}
