package dev.communicable.testkit.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class ProviderStubTest {
  private final HttpClient client =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final ProviderStub stub = ProviderStub.start();

  @AfterEach
  void stop() {
    stub.close();
  }

  private HttpResponse<String> post(String pathAndQuery, String body, Duration timeout)
      throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(stub.uri(pathAndQuery))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .header("X-Trace", "one")
            .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
            .build();
    return client.send(request, HttpResponse.BodyHandlers.ofString());
  }

  @Test
  @DisplayName("listens on 127.0.0.1 and an ephemeral port")
  void ephemeral_loopback_port() {
    assertThat(stub.port()).isPositive();
    assertThat(stub.baseUrl()).isEqualTo("http://127.0.0.1:" + stub.port());
    assertThat(stub.url("/v1/send")).isEqualTo(stub.baseUrl() + "/v1/send");
  }

  @Test
  @DisplayName("records method, raw path, query, headers (case-insensitive) and body")
  void records_each_request() throws Exception {
    post("/v3/a%2Fb/send?wait=true", "{\"to\":\"ada\"}", Duration.ofSeconds(5));

    ProviderStub.Request request = stub.onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v3/a%2Fb/send");
    assertThat(request.query()).isEqualTo("wait=true");
    assertThat(request.header("x-trace")).isEqualTo("one");
    assertThat(request.header("CONTENT-TYPE")).isEqualTo("application/json");
    assertThat(request.header("Absent")).isNull();
    assertThat(request.bodyText()).isEqualTo("{\"to\":\"ada\"}");
    assertThat(stub.requestCount()).isEqualTo(1);
  }

  @Test
  @DisplayName("answers with the scripted answers in order, then 200 {} by default")
  void scripted_answers_then_default() throws Exception {
    stub.answer(429, "slow down", "Retry-After", "7").answer(ProviderStub.Answer.of(500, ""));

    HttpResponse<String> first = post("/", "1", Duration.ofSeconds(5));
    HttpResponse<String> second = post("/", "2", Duration.ofSeconds(5));
    HttpResponse<String> third = post("/", "3", Duration.ofSeconds(5));

    assertThat(first.statusCode()).isEqualTo(429);
    assertThat(first.body()).isEqualTo("slow down");
    assertThat(first.headers().firstValue("Retry-After")).contains("7");
    assertThat(second.statusCode()).isEqualTo(500);
    assertThat(second.body()).isEmpty();
    assertThat(third.statusCode()).isEqualTo(200);
    assertThat(third.body()).isEqualTo("{}");
    assertThat(stub.requests())
        .extracting(ProviderStub.Request::bodyText)
        .containsExactly("1", "2", "3");
  }

  @Test
  @DisplayName("answerAlways and respond replace the default answer")
  void default_answers() throws Exception {
    stub.answerAlways(202, "queued");
    assertThat(post("/", "x", Duration.ofSeconds(5)).statusCode()).isEqualTo(202);

    stub.respond(
        request ->
            ProviderStub.Answer.of(
                201, Map.of("Location", "/m/" + request.bodyText()), request.path()));
    HttpResponse<String> response = post("/messages", "42", Duration.ofSeconds(5));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(response.body()).isEqualTo("/messages");
    assertThat(response.headers().firstValue("Location")).contains("/m/42");
  }

  @Test
  @DisplayName("a hanging answer never comes, so the client times out; the request is recorded")
  void hangs() {
    stub.hang();

    assertThatThrownBy(() -> post("/", "late", Duration.ofMillis(300)))
        .isInstanceOf(HttpTimeoutException.class);
    assertThat(stub.onlyRequest().bodyText()).isEqualTo("late");
  }

  @Test
  @DisplayName("onlyRequest fails unless exactly one request arrived")
  void only_request_needs_exactly_one() {
    assertThatThrownBy(stub::onlyRequest)
        .isInstanceOf(AssertionError.class)
        .hasMessage("expected exactly one request, got 0");
  }

  @Test
  @DisplayName("header pairs must come in twos")
  void odd_header_pairs() {
    assertThatThrownBy(() -> stub.answer(200, "", "Retry-After"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  @DisplayName("close releases hung exchanges and stops the stub's threads")
  void close_stops_everything() throws Exception {
    stub.hang();
    Thread caller =
        new Thread(
            () -> {
              try {
                post("/", "x", Duration.ofSeconds(30));
              } catch (IOException | InterruptedException expected) {
                // the stub closed the exchange without an answer
              }
            });
    caller.start();
    String threads = "provider-stub-" + stub.port() + "-";
    await().atMost(Duration.ofSeconds(10)).until(() -> stub.requestCount() == 1);

    stub.close();

    caller.join(Duration.ofSeconds(10).toMillis());
    assertThat(caller.isAlive()).isFalse();
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith(threads) && t.isAlive()));
  }
}
