package dev.communicable.channel.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.SendResult;
import dev.communicable.testkit.http.ProviderStub;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class ProviderHttpTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2025-03-01T12:00:00Z"), ZoneOffset.UTC);

  private final ProviderStub provider = ProviderStub.start();
  // Generous, so that a loaded machine never turns an answer into a timeout; the timeout case
  // builds its own client with a short one.
  private final ProviderHttp http =
      ProviderHttp.builder("acme")
          .connectTimeout(Duration.ofSeconds(10))
          .requestTimeout(Duration.ofSeconds(30))
          .clock(CLOCK)
          .maxResponseBytes(64)
          .build();

  @AfterEach
  void stop() {
    http.close();
    provider.close();
  }

  private HttpRequest post(String body) {
    return http.request(provider.uri("/v1/send"))
        .header("Content-Type", "text/plain")
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  @Test
  @DisplayName("hands the answer's status, headers and body to the judge, and sends the request")
  void judges_the_answer() {
    provider.answer(202, "queued as 7", "X-Message-Id", "m-7");
    AtomicReference<ProviderHttp.Response> seen = new AtomicReference<>();

    SendResult result =
        http.exchange(
            post("hello"),
            response -> {
              seen.set(response);
              return SendResult.accepted("acme", response.header("x-message-id").orElse(null));
            });

    assertThat(result).isEqualTo(SendResult.accepted("acme", "m-7"));
    assertThat(seen.get().status()).isEqualTo(202);
    assertThat(seen.get().body()).isEqualTo("queued as 7");
    assertThat(provider.onlyRequest().method()).isEqualTo("POST");
    assertThat(provider.onlyRequest().path()).isEqualTo("/v1/send");
    assertThat(provider.onlyRequest().bodyText()).isEqualTo("hello");
  }

  @Test
  @DisplayName("keeps at most maxResponseBytes of a body")
  void bounds_the_body() throws Exception {
    provider.answer(500, "x".repeat(10_000));

    assertThat(http.send(post("big")).body()).hasSize(64);
  }

  @Test
  @DisplayName("no answer within the request timeout is retryable, naming the provider")
  void timeout_is_retryable() {
    provider.hang();

    SendResult result;
    try (ProviderHttp impatient =
        ProviderHttp.builder("acme").requestTimeout(Duration.ofMillis(500)).build()) {
      HttpRequest slow =
          impatient
              .request(provider.uri("/v1/send"))
              .POST(HttpRequest.BodyPublishers.ofString("slow"))
              .build();
      result = impatient.exchange(slow, r -> SendResult.accepted("acme", null));
    }

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Retryable.class,
            r -> {
              assertThat(r.provider()).isEqualTo("acme");
              assertThat(r.reason()).startsWith("acme timed out");
              assertThat(r.retryAfter()).isEmpty();
            });
  }

  @Test
  @DisplayName("a refused connection is retryable; the other overload names another provider")
  void unreachable_is_retryable() throws Exception {
    int closedPort;
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = socket.getLocalPort();
    }
    HttpRequest request =
        http.request(URI.create("http://127.0.0.1:" + closedPort + "/"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();

    SendResult result = http.exchange("fcm", request, r -> SendResult.accepted("fcm", null));

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Retryable.class,
            r -> {
              assertThat(r.provider()).isEqualTo("fcm");
              assertThat(r.reason()).startsWith("could not reach fcm");
            });
  }

  @Test
  @DisplayName("reads Retry-After against the injected clock")
  void retry_after() throws Exception {
    provider.answer(503, "", "Retry-After", "Sat, 01 Mar 2025 12:02:00 GMT");

    assertThat(http.retryAfter(http.send(post("x")))).contains(Duration.ofMinutes(2));
  }

  @Test
  @DisplayName("does not follow redirects itself")
  void no_redirects() throws Exception {
    provider.answer(302, "", "Location", provider.url("/elsewhere"));

    assertThat(http.send(post("x")).status()).isEqualTo(302);
    assertThat(provider.requestCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("close stops its named threads")
  void close_stops_threads() {
    http.exchange(post("warm up"), r -> SendResult.accepted("acme", null));
    assertThat(threadsNamed("communicable-acme-http-")).isTrue();

    http.close();

    await().atMost(Duration.ofSeconds(10)).until(() -> !threadsNamed("communicable-acme-http-"));
  }

  @Test
  @DisplayName("a caller's client is used as given and left running by close")
  void callers_client() {
    HttpClient own = HttpClient.newHttpClient();
    try (ProviderHttp shared = ProviderHttp.builder("shared").client(own).build()) {
      SendResult result =
          shared.exchange(
              shared.request(provider.uri("/")).GET().build(),
              r -> SendResult.accepted("shared", Integer.toString(r.status())));
      assertThat(result).isEqualTo(SendResult.accepted("shared", "200"));
    }
    assertThat(threadsNamed("communicable-shared-http-")).isFalse();
  }

  @Test
  @DisplayName("the builder names the wrong value")
  void builder_checks() {
    assertThatThrownBy(() -> ProviderHttp.builder("Acme Mail"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("provider: must be 1 to 40 lower-case letters");
    assertThatThrownBy(() -> ProviderHttp.builder("acme").requestTimeout(Duration.ZERO))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("requestTimeout: must be positive, was PT0S");
    assertThatThrownBy(() -> ProviderHttp.builder("acme").maxResponseBytes(0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("maxResponseBytes: must be at least 1, was 0");
    assertThatThrownBy(() -> ProviderHttp.builder("acme").clock(null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("clock: must not be null");
  }

  @Test
  @DisplayName("basic auth and body excerpts")
  void helpers() {
    assertThat(ProviderHttp.basicAuth("api", "key-1")).isEqualTo("Basic YXBpOmtleS0x");
    assertThat(ProviderHttp.excerpt(null)).isEmpty();
    assertThat(ProviderHttp.excerpt("  \n ")).isEmpty();
    assertThat(ProviderHttp.excerpt(" a \n\t b ")).isEqualTo("a b");
    assertThat(ProviderHttp.excerpt("y".repeat(300))).isEqualTo("y".repeat(200) + "...");
  }

  private static boolean threadsNamed(String prefix) {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(t -> t.getName().startsWith(prefix) && t.isAlive());
  }
}
