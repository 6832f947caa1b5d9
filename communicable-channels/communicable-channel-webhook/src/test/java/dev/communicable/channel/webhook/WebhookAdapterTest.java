package dev.communicable.channel.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.testkit.http.ProviderStub;
import dev.communicable.testkit.http.ProviderStub.Answer;
import dev.communicable.testkit.http.ProviderStub.Request;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
class WebhookAdapterTest {
  static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
  static final String OLD_SECRET = "whsec_" + Base64.getEncoder().encodeToString(new byte[32]);
  static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");
  static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  static final ObjectMapper JSON = new ObjectMapper();

  ProviderStub server;
  ChannelAdapter adapter;

  /** The test server is on loopback: allowed explicitly, as a real deployment would not. */
  static EgressRules loopbackAllowed() {
    return EgressRules.builder().allow("127.0.0.1").allowPlainHttp(true).build();
  }

  static WebhookConfig.Builder config() {
    return WebhookConfig.builder()
        .secret(SECRET)
        .egress(loopbackAllowed())
        .http(HttpSettings.builder().clock(CLOCK).requestTimeout(Duration.ofSeconds(5)).build());
  }

  @BeforeEach
  void start() throws IOException {
    server = ProviderStub.start().answerAlways(200, "");
    adapter = WebhookAdapters.webhook(config().build());
  }

  @AfterEach
  void stop() {
    adapter.close();
    server.close();
  }

  SendResult send(Content content) {
    return adapter.send(Messages.webhook(server.url("/hooks/invoices"), content));
  }

  @Test
  @DisplayName("POSTs the JSON part unchanged with Standard Webhooks headers")
  void posts_signed_json() {
    String json = "{\"type\":\"invoice.paid\",\"data\":{\"amount\":\"42.00\"}}";
    SendResult result = send(Content.builder().json(json).build());

    assertThat(result).isEqualTo(SendResult.accepted("webhook", "delivery-5d0c8f2e"));
    Request request = server.onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/hooks/invoices");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    assertThat(request.header("User-Agent")).isEqualTo("Communicable-Webhooks/1");
    assertThat(request.header("webhook-id")).isEqualTo("delivery-5d0c8f2e");
    assertThat(request.header("webhook-timestamp")).isEqualTo(Long.toString(NOW.getEpochSecond()));
    assertThat(request.bodyText()).isEqualTo(json);
  }

  @Test
  @DisplayName("the signature verifies with the receiver's verifier and by hand")
  void signature_verifies() throws Exception {
    send(Content.builder().json("{\"ok\":true}").build());
    Request request = server.onlyRequest();

    WebhookVerifier verifier = WebhookVerifier.builder().secret(SECRET).clock(CLOCK).build();
    assertThatCode(() -> verifier.verify(request.headers(), request.body()))
        .doesNotThrowAnyException();

    // Independently of this module: HMAC-SHA256 over "id.timestamp.body" with the decoded key.
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(
        new SecretKeySpec(
            Base64.getDecoder().decode(SECRET.substring("whsec_".length())), "HmacSHA256"));
    byte[] expected =
        mac.doFinal(
            (request.header("webhook-id")
                    + "."
                    + request.header("webhook-timestamp")
                    + "."
                    + request.bodyText())
                .getBytes(StandardCharsets.UTF_8));
    assertThat(request.header("webhook-signature"))
        .isEqualTo("v1," + Base64.getEncoder().encodeToString(expected));
  }

  @Test
  @DisplayName("a receiver whose clock runs 10 minutes later refuses the delivery as stale")
  void stale_delivery_is_refused_by_the_receiver() {
    send(Content.builder().json("{}").build());
    Request request = server.onlyRequest();
    WebhookVerifier late =
        WebhookVerifier.builder()
            .secret(SECRET)
            .clock(Clock.offset(CLOCK, Duration.ofMinutes(10)))
            .build();
    assertThatThrownBy(() -> late.verify(request.headers(), request.body()))
        .isInstanceOfSatisfying(
            WebhookVerificationException.class,
            e ->
                assertThat(e.reason())
                    .isEqualTo(WebhookVerificationException.Reason.STALE_TIMESTAMP));
  }

  @Test
  @DisplayName("during a secret rotation, signs with every secret so old and new receivers verify")
  void signs_with_every_secret_during_rotation() {
    adapter.close();
    adapter = WebhookAdapters.webhook(config().secret(OLD_SECRET).build());
    send(Content.builder().json("{}").build());
    Request request = server.onlyRequest();

    assertThat(request.header("webhook-signature").split(" "))
        .hasSize(2)
        .allMatch(s -> s.startsWith("v1,"));
    for (String secret : List.of(SECRET, OLD_SECRET)) {
      WebhookVerifier verifier = WebhookVerifier.builder().secret(secret).clock(CLOCK).build();
      assertThatCode(() -> verifier.verify(request.headers(), request.body()))
          .doesNotThrowAnyException();
    }
  }

  @Test
  @DisplayName("without a JSON part, sends an envelope of topic, message id, content and data")
  void builds_an_envelope() throws Exception {
    send(Content.builder().title("Invoice paid").text("42.00 EUR received").build());
    JsonNode body = JSON.readTree(server.onlyRequest().body());

    assertThat(body.path("type").asText()).isEqualTo("invoice.paid");
    assertThat(body.path("messageId").asText()).isEqualTo(Messages.MESSAGE_ID.toString());
    assertThat(body.path("title").asText()).isEqualTo("Invoice paid");
    assertThat(body.path("text").asText()).isEqualTo("42.00 EUR received");
    assertThat(body.has("link")).isFalse();
    assertThat(body.path("data").path("amount").asText()).isEqualTo("42.00");
    assertThat(body.path("data").path("currency").asText()).isEqualTo("EUR");
  }

  @Test
  @DisplayName("an idempotency key unfit for webhook-id becomes a stable msg_ hash")
  void hashes_unsafe_idempotency_keys() {
    var message = Messages.webhook(server.url("/h"), Content.builder().json("{}").build());
    var dotted =
        new dev.communicable.channel.OutboundMessage(
            message.deliveryId(),
            message.messageId(),
            message.tenantId(),
            message.channel(),
            message.recipientId(),
            message.address(),
            message.locale(),
            message.content(),
            message.data(),
            message.metadata(),
            "invoice.123.paid",
            2,
            message.priority(),
            message.topic());
    adapter.send(dotted);
    adapter.send(dotted);

    List<Request> requests = server.requests();
    assertThat(requests).hasSize(2);
    assertThat(requests.get(0).header("webhook-id"))
        .startsWith("msg_")
        .doesNotContain(".")
        .isEqualTo(requests.get(1).header("webhook-id"));
  }

  @Test
  @DisplayName("forwards custom headers from metadata, refusing ones the adapter owns")
  void custom_headers() {
    adapter.send(
        Messages.message(
            ChannelType.WEBHOOK,
            server.url("/h"),
            Content.builder().json("{}").build(),
            Map.of("header.X-Campaign", "spring")));
    assertThat(server.onlyRequest().header("X-Campaign")).isEqualTo("spring");

    SendResult refused =
        adapter.send(
            Messages.message(
                ChannelType.WEBHOOK,
                server.url("/h"),
                Content.builder().json("{}").build(),
                Map.of("header.webhook-signature", "v1,forged")));
    assertThat(refused)
        .isEqualTo(
            SendResult.permanent(
                "webhook",
                "invalid_request",
                "metadata.header.webhook-signature: is set by the adapter and cannot be"
                    + " overridden"));
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  @DisplayName("any 2xx is accepted")
  void two_hundreds_are_accepted() {
    server.answer(Answer.of(202, ""), Answer.of(204, ""));
    assertThat(send(Content.text("a")).isAccepted()).isTrue();
    assertThat(send(Content.text("b")).isAccepted()).isTrue();
  }

  @Test
  @DisplayName("429 and 5xx are retryable, honouring Retry-After in seconds or as a date")
  void retryable_answers() {
    server.answer(
        Answer.of(429, Map.of("Retry-After", "120"), "slow down"),
        Answer.of(503, Map.of("Retry-After", "Sat, 01 Mar 2025 12:05:00 GMT"), ""),
        Answer.of(500, "boom"),
        Answer.of(502, ""),
        Answer.of(408, ""));

    assertThat(send(Content.text("1")))
        .isEqualTo(
            SendResult.retryable(
                "webhook", server.url("") + " answered 429: slow down", Duration.ofSeconds(120)));
    assertThat(send(Content.text("2")))
        .isInstanceOfSatisfying(
            SendResult.Retryable.class,
            r -> assertThat(r.retryAfter()).contains(Duration.ofMinutes(5)));
    assertThat(send(Content.text("3")))
        .isInstanceOfSatisfying(
            SendResult.Retryable.class,
            r -> {
              assertThat(r.retryAfter()).isEmpty();
              assertThat(r.reason()).endsWith("answered 500: boom");
            });
    assertThat(send(Content.text("4"))).isInstanceOf(SendResult.Retryable.class);
    assertThat(send(Content.text("5"))).isInstanceOf(SendResult.Retryable.class);
  }

  @Test
  @DisplayName("other 4xx are permanent; 410 Gone marks the address revoked")
  void permanent_answers() {
    server.answer(Answer.of(400, "bad event"), Answer.of(404, ""), Answer.of(410, ""));

    assertThat(send(Content.text("1")))
        .isEqualTo(
            SendResult.permanent(
                "webhook", "http_400", server.url("") + " refused with 400: bad event"));
    assertThat(send(Content.text("2")))
        .isInstanceOfSatisfying(
            SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("http_404"));
    assertThat(send(Content.text("3")))
        .isInstanceOfSatisfying(
            SendResult.Permanent.class,
            p -> assertThat(p.code()).isEqualTo(SendResult.ADDRESS_REVOKED));
  }

  @Test
  @DisplayName("does not follow a redirect by default: permanent, and the target never contacted")
  void redirects_are_not_followed_by_default() {
    server.answer(Answer.of(301, Map.of("Location", server.url("/moved")), ""));

    assertThat(send(Content.text("x")))
        .isEqualTo(
            SendResult.permanent(
                "webhook",
                "redirect",
                server.url("")
                    + " answered 301 redirecting elsewhere; redirects are not followed, so update"
                    + " the URL to the final address"));
    assertThat(server.onlyRequest().path()).isEqualTo("/hooks/invoices");
  }

  @Test
  @DisplayName("when allowed, follows a redirect, re-sending the signed POST to the new location")
  void follows_redirects_when_configured() {
    adapter.close();
    adapter = WebhookAdapters.webhook(config().followRedirects(3).build());
    server.answer(Answer.of(307, Map.of("Location", "/moved"), ""));

    assertThat(send(Content.builder().json("{}").build()).isAccepted()).isTrue();
    List<Request> requests = server.requests();
    assertThat(requests).extracting(Request::path).containsExactly("/hooks/invoices", "/moved");
    assertThat(requests.get(1).method()).isEqualTo("POST");
    assertThat(requests.get(1).header("webhook-signature"))
        .isEqualTo(requests.get(0).header("webhook-signature"));
  }

  @Test
  @DisplayName("a followed redirect to an internal address is refused")
  void redirect_into_the_network_is_refused() {
    adapter.close();
    adapter = WebhookAdapters.webhook(config().followRedirects(3).build());
    server.answer(
        Answer.of(302, Map.of("Location", "http://169.254.169.254/latest/meta-data"), ""));

    assertThat(send(Content.text("x")))
        .isInstanceOfSatisfying(
            SendResult.Permanent.class,
            p -> {
              assertThat(p.code()).isEqualTo("address_refused");
              assertThat(p.reason()).contains("cloud metadata");
            });
    assertThat(server.requests()).hasSize(1);
  }

  @Test
  @DisplayName("a redirect loop stops after the configured number of hops")
  void redirect_loops_stop() {
    adapter.close();
    adapter = WebhookAdapters.webhook(config().followRedirects(2).build());
    server.answerAlways(Answer.of(308, Map.of("Location", "/again"), ""));

    assertThat(send(Content.text("x")))
        .isInstanceOfSatisfying(
            SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("too_many_redirects"));
    assertThat(server.requests()).hasSize(3);
  }

  @Test
  @DisplayName("a receiver that does not answer in time gives a retryable result")
  void timeout_is_retryable() {
    adapter.close();
    adapter =
        WebhookAdapters.webhook(
            config()
                .http(
                    HttpSettings.builder()
                        .clock(CLOCK)
                        .requestTimeout(Duration.ofMillis(300))
                        .build())
                .build());
    server.answer(Answer.hanging());

    SendResult result = send(Content.text("x"));
    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Retryable.class,
            r ->
                assertThat(r.reason()).startsWith("no answer from " + server.url("") + " in time"));
  }

  @Test
  @DisplayName("a receiver that is down gives a retryable result")
  void connection_refused_is_retryable() throws IOException {
    ProviderStub gone = ProviderStub.start().answerAlways(200, "");
    String url = gone.url("/h");
    gone.close();

    SendResult result = adapter.send(Messages.webhook(url, Content.text("x")));
    assertThat(result).isInstanceOf(SendResult.Retryable.class);
    assertThat(((SendResult.Retryable) result).reason()).contains("127.0.0.1");
  }

  @Test
  @DisplayName("refuses a body over the limit before any network call")
  void body_limit() {
    adapter.close();
    adapter = WebhookAdapters.webhook(config().maxBodyBytes(1024).build());
    String json = "{\"pad\":\"" + "x".repeat(1100) + "\"}";

    assertThat(send(Content.builder().json(json).build()))
        .isEqualTo(
            SendResult.permanent(
                "webhook",
                "body_too_large",
                "content: the webhook body is 1110 bytes, over the limit of 1024"));
    assertThat(server.requests()).isEmpty();
  }

  @Test
  @DisplayName("refuses a JSON part that is not JSON before any network call")
  void invalid_json() {
    SendResult result = send(Content.builder().json("{\"a\":1} trailing").build());
    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Permanent.class,
            p -> {
              assertThat(p.code()).isEqualTo("invalid_request");
              assertThat(p.reason()).startsWith("content.json: not valid JSON (line 1, column");
            });
    assertThat(server.requests()).isEmpty();
  }

  @Test
  @DisplayName("refuses malformed and internal addresses before any network call")
  void refuses_bad_addresses() {
    adapter.close();
    adapter =
        WebhookAdapters.webhook(
            config()
                .egress(
                    EgressRules.builder()
                        .allowPlainHttp(true)
                        .resolver(
                            host ->
                                List.of(InetAddress.getByAddress(host, new byte[] {10, 0, 0, 7})))
                        .build())
                .build());

    assertThat(
            adapter.send(Messages.webhook("https://hooks.internal.example/x", Content.text("x"))))
        .isEqualTo(
            SendResult.permanent(
                "webhook",
                "address_refused",
                "refused: 'hooks.internal.example' (10.0.0.7) is private (10/8), an internal"
                    + " address; allow it explicitly in the egress rules if it is meant"));
    assertThat(adapter.send(Messages.webhook(server.url("/x"), Content.text("x"))))
        .isInstanceOfSatisfying(
            SendResult.Permanent.class,
            p -> assertThat(p.reason()).contains("'127.0.0.1' is loopback"));
    assertThat(adapter.send(Messages.webhook("hooks example", Content.text("x"))))
        .isInstanceOfSatisfying(
            SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("invalid_request"));
    assertThatThrownBy(() -> adapter.validateAddress("http://[::1]:8080/x"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("'::1' is loopback");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  @DisplayName("validateAddress refuses a host that resolves to an internal address")
  void validation_resolves_the_host() {
    ChannelAdapter resolving =
        WebhookAdapters.webhook(
            config()
                .egress(
                    EgressRules.builder()
                        .resolver(
                            host ->
                                List.of(InetAddress.getByAddress(host, new byte[] {10, 0, 0, 7})))
                        .build())
                .build());
    ChannelAdapter system = WebhookAdapters.webhook(WebhookConfig.builder().secret(SECRET).build());
    try {
      assertThatThrownBy(() -> resolving.validateAddress("https://hooks.internal.example/x"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessage(
              "address: refused: 'hooks.internal.example' (10.0.0.7) is private (10/8), an"
                  + " internal address; allow it explicitly in the egress rules if it is meant");
      assertThatThrownBy(() -> system.validateAddress("https://localhost:8443/hook"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining(") is loopback");
      assertThatThrownBy(() -> system.validateAddress("https://2130706433/hook"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("'2130706433' (127.0.0.1) is loopback");
      assertThatThrownBy(() -> system.validateAddress("https://127.1/hook"))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("'127.1' (127.0.0.1) is loopback");
    } finally {
      resolving.close();
      system.close();
    }
  }

  @Test
  @DisplayName("by default only https URLs are accepted")
  void https_by_default() {
    ChannelAdapter strict = WebhookAdapters.webhook(WebhookConfig.builder().secret(SECRET).build());
    try {
      assertThatThrownBy(() -> strict.validateAddress("http://hooks.example.com/x"))
          .hasMessage(
              "address: must be an https URL (plain http is not allowed), scheme was 'http'");
      assertThatCode(() -> strict.validateAddress("https://hooks.example.com/x"))
          .doesNotThrowAnyException();
    } finally {
      strict.close();
    }
  }

  @Test
  @DisplayName("configuration is checked, and its toString never shows a secret")
  void config_checks() {
    assertThatThrownBy(() -> WebhookConfig.builder().build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("secrets: at least one signing secret (whsec_...) is required");
    assertThatThrownBy(() -> WebhookConfig.builder().maxBodyBytes(0))
        .hasMessage("maxBodyBytes: must be between 1 and 10485760, was 0");
    assertThatThrownBy(() -> HttpSettings.builder().requestTimeout(Duration.ofHours(1)).build())
        .hasMessage("requestTimeout: must be between PT0.001S and PT5M, was PT1H");
    assertThatThrownBy(() -> WebhookConfig.builder().followRedirects(-1))
        .hasMessage("followRedirects: must be between 0 and 10, was -1");
    String text = config().secret(OLD_SECRET).build().toString();
    assertThat(text)
        .contains("secrets=2 (hidden)")
        .doesNotContain("MfKQ9r8")
        .doesNotContain("AAAA");
    assertThat(adapter.toString()).doesNotContain("MfKQ9r8");
  }

  @Test
  @DisplayName("close stops the adapter's threads, and a closed adapter refuses to send")
  void close_stops_threads() {
    send(Content.text("warm up"));
    adapter.close();

    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("communicable-webhook-")));
    assertThatThrownBy(() -> send(Content.text("late")))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("the webhook adapter is closed");
  }

  @Test
  @DisplayName("identifies itself as the webhook channel")
  void identity() {
    assertThat(adapter.channel()).isEqualTo(ChannelType.WEBHOOK);
    assertThat(adapter.provider()).isEqualTo("webhook");
  }
}
