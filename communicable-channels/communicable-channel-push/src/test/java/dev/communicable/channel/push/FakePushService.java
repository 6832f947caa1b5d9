package dev.communicable.channel.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Web Push service (RFC 8030) over HTTPS on a local port. It checks the VAPID header (RFC 8292)
 * against the application server's public key, and decrypts each message (RFC 8291) as the
 * subscribed browser would, keeping the plaintext for the test.
 */
final class FakePushService implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** What one accepted push looked like. */
  record Received(String path, String plaintext, Map<String, String> headers) {}

  final List<Received> received = new CopyOnWriteArrayList<>();
  final List<String> problems = new CopyOnWriteArrayList<>();
  final AtomicInteger requests = new AtomicInteger();
  private final Map<String, FakeFcm.Reply> repliesByPath = new ConcurrentHashMap<>();
  private final HttpsServer server;
  private final WebPushReceiver browser;
  private final String vapidPublicKey;
  private final String subject;
  private final Clock clock;

  FakePushService(
      TestSupport.Tls tls,
      WebPushReceiver browser,
      String vapidPublicKey,
      String subject,
      Clock clock)
      throws IOException {
    this.browser = browser;
    this.vapidPublicKey = vapidPublicKey;
    this.subject = subject;
    this.clock = clock;
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(tls.serverContext()));
    server.createContext("/push/", this::push);
    server.start();
  }

  String origin() {
    return "https://127.0.0.1:" + server.getAddress().getPort();
  }

  /** The subscription JSON for an endpoint under this service. */
  String subscription(String name) {
    return browser.subscriptionJson(origin() + "/push/" + name);
  }

  void replyTo(String name, int status, Map<String, String> headers) {
    repliesByPath.put("/push/" + name, new FakeFcm.Reply(status, "", headers));
  }

  private void push(HttpExchange exchange) throws IOException {
    try (exchange) {
      requests.incrementAndGet();
      String path = exchange.getRequestURI().getPath();
      checkVapid(exchange.getRequestHeaders().getFirst("Authorization"));
      Map<String, String> headers = new ConcurrentHashMap<>();
      for (String name : List.of("Content-Encoding", "Content-Type", "TTL", "Urgency", "Topic")) {
        String value = exchange.getRequestHeaders().getFirst(name);
        if (value != null) {
          headers.put(name, value);
        }
      }
      byte[] body = exchange.getRequestBody().readAllBytes();
      String plaintext;
      try {
        plaintext = new String(browser.decrypt(body), StandardCharsets.UTF_8);
      } catch (Exception e) {
        problems.add("cannot decrypt: " + e);
        respond(exchange, 400, Map.of());
        return;
      }
      FakeFcm.Reply scripted = repliesByPath.get(path);
      if (scripted != null) {
        respond(exchange, scripted.status(), scripted.headers());
        return;
      }
      received.add(new Received(path, plaintext, headers));
      respond(exchange, 201, Map.of("Location", origin() + "/message/" + received.size()));
    }
  }

  private void checkVapid(String authorization) {
    try {
      if (authorization == null || !authorization.startsWith("vapid ")) {
        problems.add("Authorization is not vapid: " + authorization);
        return;
      }
      String token = null;
      String key = null;
      for (String part : authorization.substring(6).split(",")) {
        String p = part.trim();
        if (p.startsWith("t=")) {
          token = p.substring(2);
        } else if (p.startsWith("k=")) {
          key = p.substring(2);
        }
      }
      if (!vapidPublicKey.equals(key)) {
        problems.add("k was " + key);
        return;
      }
      String[] parts = token.split("\\.");
      ECPublicKey publicKey = WebPushReceiver.publicKey(Base64.getUrlDecoder().decode(key));
      Signature verifier = Signature.getInstance("SHA256withECDSAinP1363Format");
      verifier.initVerify(publicKey);
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      if (!verifier.verify(Base64.getUrlDecoder().decode(parts[2]))) {
        problems.add("VAPID signature does not verify");
      }
      JsonNode header = JSON.readTree(Base64.getUrlDecoder().decode(parts[0]));
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      long now = clock.instant().getEpochSecond();
      if (!"ES256".equals(header.path("alg").asText())) {
        problems.add("alg was " + header.path("alg"));
      }
      if (!origin().equals(claims.path("aud").asText())) {
        problems.add("aud was " + claims.path("aud") + ", expected " + origin());
      }
      long exp = claims.path("exp").asLong();
      if (exp <= now || exp > now + 24 * 3600) {
        problems.add("exp must be within 24 hours, was " + (exp - now) + " s ahead");
      }
      if (!subject.equals(claims.path("sub").asText())) {
        problems.add("sub was " + claims.path("sub"));
      }
    } catch (Exception e) {
      problems.add("VAPID header unreadable: " + e);
    }
  }

  private static void respond(HttpExchange exchange, int status, Map<String, String> headers)
      throws IOException {
    headers.forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
    exchange.sendResponseHeaders(status, -1);
  }

  List<String> problems() {
    return new ArrayList<>(problems);
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
