package dev.communicable.channel.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.Signature;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Google's OAuth token endpoint and the FCM v1 send endpoint on a local HTTP server. It checks what
 * Google checks: the assertion's RS256 signature against the service account's public key, its
 * claims and grant type, the Bearer token, and the message JSON.
 */
final class FakeFcm implements AutoCloseable {
  static final String PROJECT = "demo-project";
  static final String CLIENT_EMAIL = "push@demo-project.iam.gserviceaccount.com";
  static final String KEY_ID = "0123456789abcdef";

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One RSA key for the whole run: generating one costs more than a test. */
  private static final KeyPair SERVICE_ACCOUNT_KEYS = TestSupport.keyPair("RSA", 2048);

  final KeyPair serviceAccountKeys = SERVICE_ACCOUNT_KEYS;
  final List<JsonNode> assertions = new CopyOnWriteArrayList<>();
  final List<JsonNode> messages = new CopyOnWriteArrayList<>();
  final List<String> problems = new CopyOnWriteArrayList<>();
  final AtomicInteger sendRequests = new AtomicInteger();
  private final Map<String, Reply> repliesByToken = new ConcurrentHashMap<>();
  private final List<String> issuedTokens = new CopyOnWriteArrayList<>();
  private final Clock clock;
  private final HttpServer server;
  private volatile Reply tokenReply;
  private volatile int unauthorizedOnce;

  record Reply(int status, String body, Map<String, String> headers) {}

  FakeFcm(Clock clock) throws IOException {
    this.clock = clock;
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/token", this::token);
    server.createContext("/v1/projects/" + PROJECT + "/messages:send", this::send);
    server.start();
  }

  URI baseUri() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
  }

  URI tokenUri() {
    return baseUri().resolve("token");
  }

  String serviceAccountJson() {
    String pem =
        TestSupport.pem("PRIVATE KEY", serviceAccountKeys.getPrivate().getEncoded())
            .replace("\n", "\\n");
    return "{\"type\":\"service_account\",\"project_id\":\""
        + PROJECT
        + "\",\"private_key_id\":\""
        + KEY_ID
        + "\",\"private_key\":\""
        + pem
        + "\",\"client_email\":\""
        + CLIENT_EMAIL
        + "\",\"token_uri\":\""
        + tokenUri()
        + "\"}";
  }

  /** FCM answers a send to {@code token} with this. */
  void replyTo(String token, int status, String body, Map<String, String> headers) {
    repliesByToken.put(token, new Reply(status, body, headers));
  }

  /** The token endpoint answers with this instead of a token. */
  void tokenEndpointReplies(int status, String body) {
    tokenReply = new Reply(status, body, Map.of());
  }

  /** The next send is refused with 401 UNAUTHENTICATED, as when a token was revoked. */
  void refuseNextAccessToken() {
    unauthorizedOnce = 1;
  }

  int tokenExchanges() {
    return assertions.size();
  }

  private void token(HttpExchange exchange) throws IOException {
    try (exchange) {
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      if (!"POST".equals(exchange.getRequestMethod())
          || contentType == null
          || !contentType.startsWith("application/x-www-form-urlencoded")) {
        problems.add("token request must be a POSTed form, was " + contentType);
      }
      Map<String, String> form =
          form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
      if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(form.get("grant_type"))) {
        problems.add("grant_type was " + form.get("grant_type"));
      }
      JsonNode claims = verifyAssertion(form.get("assertion"));
      if (tokenReply != null) {
        reply(exchange, tokenReply);
        return;
      }
      if (claims == null) {
        reply(
            exchange,
            new Reply(
                400,
                "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid JWT Signature.\"}",
                Map.of()));
        return;
      }
      assertions.add(claims);
      String accessToken = "ya29.token-" + assertions.size();
      issuedTokens.add(accessToken);
      reply(
          exchange,
          new Reply(
              200,
              "{\"access_token\":\""
                  + accessToken
                  + "\",\"expires_in\":3599,\"token_type\":\"Bearer\"}",
              Map.of()));
    }
  }

  private JsonNode verifyAssertion(String assertion) {
    try {
      String[] parts = assertion.split("\\.");
      JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      Signature verifier = Signature.getInstance("SHA256withRSA");
      verifier.initVerify(serviceAccountKeys.getPublic());
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!verifier.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        problems.add("assertion signature does not verify");
        return null;
      }
      long now = clock.instant().getEpochSecond();
      check(header.path("alg").asText().equals("RS256"), "alg was " + header.path("alg"));
      check(header.path("kid").asText().equals(KEY_ID), "kid was " + header.path("kid"));
      check(claims.path("iss").asText().equals(CLIENT_EMAIL), "iss was " + claims.path("iss"));
      check(
          claims
              .path("scope")
              .asText()
              .equals("https://www.googleapis.com/auth/firebase.messaging"),
          "scope was " + claims.path("scope"));
      check(
          claims.path("aud").asText().equals(tokenUri().toString()),
          "aud was " + claims.path("aud"));
      check(claims.path("iat").asLong() == now, "iat was " + claims.path("iat") + ", now " + now);
      check(claims.path("exp").asLong() == now + 3600, "exp was " + claims.path("exp"));
      return claims;
    } catch (Exception e) {
      problems.add("assertion unreadable: " + e);
      return null;
    }
  }

  private void send(HttpExchange exchange) throws IOException {
    try (exchange) {
      sendRequests.incrementAndGet();
      String authorization = exchange.getRequestHeaders().getFirst("Authorization");
      String bearer =
          authorization != null && authorization.startsWith("Bearer ")
              ? authorization.substring(7)
              : null;
      if (bearer == null || !issuedTokens.contains(bearer)) {
        problems.add("send with Authorization " + authorization);
        reply(
            exchange,
            new Reply(
                401,
                error(
                    401,
                    "UNAUTHENTICATED",
                    null,
                    "Request had invalid authentication credentials."),
                Map.of()));
        return;
      }
      if (unauthorizedOnce > 0) {
        unauthorizedOnce = 0;
        issuedTokens.remove(bearer);
        reply(
            exchange,
            new Reply(
                401,
                error(
                    401,
                    "UNAUTHENTICATED",
                    null,
                    "Request had invalid authentication credentials."),
                Map.of()));
        return;
      }
      String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
      check(
          contentType != null && contentType.startsWith("application/json"),
          "send Content-Type " + contentType);
      JsonNode body = JSON.readTree(exchange.getRequestBody().readAllBytes());
      messages.add(body);
      String token = body.path("message").path("token").asText();
      Reply scripted = repliesByToken.get(token);
      if (scripted != null) {
        reply(exchange, scripted);
        return;
      }
      reply(
          exchange,
          new Reply(
              200,
              "{\"name\":\"projects/" + PROJECT + "/messages/" + messages.size() + "\"}",
              Map.of()));
    }
  }

  /** An FCM v1 error body as the docs show it. */
  static String error(int code, String status, String fcmErrorCode, String message) {
    String details =
        fcmErrorCode == null
            ? "[]"
            : "[{\"@type\":\"type.googleapis.com/google.firebase.fcm.v1.FcmError\",\"errorCode\":\""
                + fcmErrorCode
                + "\"}]";
    return "{\"error\":{\"code\":"
        + code
        + ",\"message\":\""
        + message
        + "\",\"status\":\""
        + status
        + "\",\"details\":"
        + details
        + "}}";
  }

  private void check(boolean ok, String problem) {
    if (!ok) {
      problems.add(problem);
    }
  }

  private static void reply(HttpExchange exchange, Reply reply) throws IOException {
    byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/json; charset=UTF-8");
    reply.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange.sendResponseHeaders(reply.status(), bytes.length);
    exchange.getResponseBody().write(bytes);
  }

  private static Map<String, String> form(String body) {
    Map<String, String> form = new HashMap<>();
    for (String pair : body.split("&")) {
      int eq = pair.indexOf('=');
      if (eq > 0) {
        form.put(
            URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
      }
    }
    return form;
  }

  List<String> problems() {
    return new ArrayList<>(problems);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
