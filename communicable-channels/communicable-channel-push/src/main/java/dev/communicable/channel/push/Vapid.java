package dev.communicable.channel.push;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Voluntary Application Server Identification (RFC 8292): an ES256 JWT for each push service
 * origin, sent as {@code Authorization: vapid t=<jwt>, k=<public key>}. Tokens live 12 hours and
 * are reused until one hour before they expire; the cache holds at most {@value #MAX_ORIGINS}
 * origins (there are only a handful of push services).
 */
final class Vapid {
  static final int MAX_ORIGINS = 64;
  private static final Duration LIFETIME = Duration.ofHours(12);
  private static final Duration RENEW_BEFORE = Duration.ofHours(1);

  private final WebPushConfig config;
  private final Clock clock;
  private final String publicKey;
  private final Map<String, Token> byOrigin =
      new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Token> eldest) {
          return size() > MAX_ORIGINS;
        }
      };

  private record Token(String header, Instant expiresAt) {}

  Vapid(WebPushConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
    this.publicKey = config.vapidPublicKey();
  }

  /** The Authorization header value for a request to {@code endpoint}. */
  synchronized String authorization(URI endpoint) {
    String origin = origin(endpoint);
    Instant now = clock.instant();
    Token cached = byOrigin.get(origin);
    if (cached != null && now.isBefore(cached.expiresAt().minus(RENEW_BEFORE))) {
      return cached.header();
    }
    Instant expiresAt = now.plus(LIFETIME);
    Map<String, Object> header = new LinkedHashMap<>();
    header.put("typ", "JWT");
    header.put("alg", "ES256");
    Map<String, Object> claims = new LinkedHashMap<>();
    claims.put("aud", origin);
    claims.put("exp", expiresAt.getEpochSecond());
    claims.put("sub", config.subject());
    String jwt = Jws.es256(header, claims, config.privateKey());
    Token token = new Token("vapid t=" + jwt + ", k=" + publicKey, expiresAt);
    byOrigin.put(origin, token);
    return token.header();
  }

  /** The ASCII serialization of the endpoint's origin: scheme, host and any explicit port. */
  static String origin(URI endpoint) {
    String scheme = endpoint.getScheme().toLowerCase(java.util.Locale.ROOT);
    int port = endpoint.getPort();
    boolean defaultPort = port == -1 || (scheme.equals("https") && port == 443);
    return scheme + "://" + endpoint.getHost() + (defaultPort ? "" : ":" + port);
  }
}
