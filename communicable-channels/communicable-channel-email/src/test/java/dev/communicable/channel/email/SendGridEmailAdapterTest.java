package dev.communicable.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.testkit.http.ProviderStub;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("SendGrid adapter against a local stand-in of the v3 Mail Send API")
class SendGridEmailAdapterTest {
  private static final Instant NOW = Instant.parse("2025-03-01T09:30:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();

  private ProviderStub sendGrid;
  private ChannelAdapter adapter;

  @BeforeEach
  void start() throws Exception {
    sendGrid = ProviderStub.start();
    adapter =
        EmailAdapters.sendGrid(
            SendGridConfig.builder()
                .apiKey("SG.test-key-123456")
                .from("no-reply@shop.example")
                .fromName("Shop")
                .http(
                    HttpSettings.builder()
                        .baseUrl(sendGrid.baseUrl())
                        .requestTimeout(Duration.ofSeconds(3))
                        .clock(Clock.fixed(NOW, ZoneOffset.UTC))
                        .build())
                .build());
  }

  @AfterEach
  void stop() {
    adapter.close();
    sendGrid.close();
  }

  @Test
  void posts_the_documented_json_with_a_bearer_key_and_reads_the_message_id() throws Exception {
    sendGrid.answer(202, "", "X-Message-Id", "sg-msg-1");
    OutboundMessage message =
        Messages.email()
            .text("Amount: 42.00")
            .html("<p>Amount: 42.00</p>")
            .meta("replyTo", "billing@shop.example")
            .meta("header.X-Campaign", "spring")
            .meta("unsubscribeUrl", "https://shop.example/u/1")
            .attach(
                EmailAttachment.of(
                    "invoice.pdf", "application/pdf", "%PDF".getBytes(StandardCharsets.US_ASCII)))
            .idempotencyKey("invoice-123")
            .build();

    SendResult result = adapter.send(message);

    assertThat(result).isEqualTo(SendResult.accepted("sendgrid", "sg-msg-1"));
    ProviderStub.Request request = sendGrid.onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v3/mail/send");
    assertThat(request.header("Authorization")).isEqualTo("Bearer SG.test-key-123456");
    assertThat(request.header("Content-Type")).isEqualTo("application/json");
    JsonNode expected =
        JSON.readTree(
            """
            {
              "personalizations": [{"to": [{"email": "ada@example.com"}]}],
              "from": {"email": "no-reply@shop.example", "name": "Shop"},
              "reply_to": {"email": "billing@shop.example"},
              "subject": "Your invoice",
              "content": [
                {"type": "text/plain", "value": "Amount: 42.00"},
                {"type": "text/html", "value": "<p>Amount: 42.00</p>"}
              ],
              "attachments": [
                {"content": "JVBERg==", "type": "application/pdf", "filename": "invoice.pdf",
                 "disposition": "attachment"}
              ],
              "headers": {
                "X-Campaign": "spring",
                "List-Unsubscribe": "<https://shop.example/u/1>",
                "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"
              },
              "custom_args": {
                "communicable_delivery_id": "%s",
                "communicable_idempotency_key": "invoice-123"
              }
            }
            """
                .formatted(message.deliveryId()));
    assertThat(JSON.readTree(request.body())).isEqualTo(expected);
  }

  @Test
  void a_401_is_a_permanent_failure_with_sendgrids_error_message() {
    sendGrid.answer(
        401,
        "{\"errors\":[{\"field\":null,\"message\":\"The provided authorization grant is invalid,"
            + " expired, or revoked\"}]}");

    SendResult result = adapter.send(Messages.email().build());

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Permanent.class,
            p -> {
              assertThat(p.code()).isEqualTo("unauthorized");
              assertThat(p.reason()).contains("HTTP 401").contains("authorization grant");
            });
  }

  @Test
  void a_400_names_the_field_sendgrid_complained_about() {
    sendGrid.answer(
        400,
        "{\"errors\":[{\"field\":\"from.email\",\"message\":\"The from address does not match a"
            + " verified Sender Identity.\"}]}");

    SendResult result = adapter.send(Messages.email().build());

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Permanent.class,
            p -> {
              assertThat(p.code()).isEqualTo("bad_request");
              assertThat(p.reason()).contains("from.email: The from address");
            });
  }

  @Test
  void a_413_from_the_proxy_in_html_is_a_permanent_payload_too_large() {
    sendGrid.answer(413, "<html><head><title>413 Request Entity Too Large</title></head></html>");

    SendResult result = adapter.send(Messages.email().build());

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Permanent.class,
            p -> {
              assertThat(p.code()).isEqualTo("payload_too_large");
              assertThat(p.reason()).contains("413 Request Entity Too Large");
            });
  }

  @Test
  void a_429_is_retryable_after_the_seconds_in_retry_after() {
    sendGrid.answer(429, "{\"errors\":[{\"message\":\"too many requests\"}]}", "Retry-After", "30");

    SendResult result = adapter.send(Messages.email().build());

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Retryable.class,
            r -> assertThat(r.retryAfter()).contains(Duration.ofSeconds(30)));
  }

  @Test
  void a_429_with_an_http_date_retry_after_is_measured_against_the_clock() {
    sendGrid.answer(429, "", "Retry-After", "Sat, 01 Mar 2025 09:32:00 GMT");

    SendResult result = adapter.send(Messages.email().build());

    assertThat(((SendResult.Retryable) result).retryAfter()).contains(Duration.ofMinutes(2));
  }

  @Test
  void a_429_without_retry_after_uses_the_rate_limit_reset_header() {
    sendGrid.answer(
        429, "", "X-RateLimit-Reset", Long.toString(NOW.plusSeconds(45).getEpochSecond()));

    SendResult result = adapter.send(Messages.email().build());

    assertThat(((SendResult.Retryable) result).retryAfter()).contains(Duration.ofSeconds(45));
  }

  @Test
  void server_errors_are_retryable() {
    sendGrid.answer(500, "{\"errors\":[{\"message\":\"internal\"}]}");
    sendGrid.answer(503, "Service Unavailable");

    assertThat(adapter.send(Messages.email().build()))
        .isInstanceOfSatisfying(
            SendResult.Retryable.class,
            r -> {
              assertThat(r.reason()).contains("HTTP 500");
              assertThat(r.retryAfter()).isEqualTo(Optional.empty());
            });
    assertThat(adapter.send(Messages.email().build())).isInstanceOf(SendResult.Retryable.class);
  }

  @Test
  void a_provider_that_does_not_answer_in_time_is_retryable() {
    sendGrid.hang();

    SendResult result = adapter.send(Messages.email().build());

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Retryable.class, r -> assertThat(r.reason()).contains("timed out"));
  }

  @Test
  void bad_input_is_refused_before_any_request() {
    SendResult malformed = adapter.send(Messages.email().to("ada@").build());
    SendResult noSubject = adapter.send(Messages.email().subject(null).build());
    SendResult noBody = adapter.send(Messages.email().text(null).build());
    SendResult injected =
        adapter.send(Messages.email().meta("header.X-A", "x\r\nBcc: a@b.c").build());
    SendResult reserved =
        adapter.send(Messages.email().meta("header.Bcc", "spy@evil.example").build());

    assertThat(malformed)
        .isInstanceOfSatisfying(
            SendResult.Permanent.class,
            p -> assertThat(p.reason()).startsWith("address:").contains("'ada@'"));
    assertThat(((SendResult.Permanent) noSubject).reason())
        .isEqualTo("content.subject: is required by this provider");
    assertThat(((SendResult.Permanent) noBody).reason()).startsWith("content:");
    assertThat(((SendResult.Permanent) injected).reason()).contains("header injection");
    assertThat(((SendResult.Permanent) reserved).reason())
        .contains("metadata.header.Bcc")
        .contains("set by the adapter");
    assertThat(sendGrid.requests()).isEmpty();
  }

  @Test
  void an_attachment_over_sendgrids_30_mb_limit_is_refused_before_any_request() {
    SendResult result =
        adapter.send(
            Messages.email()
                .attach(EmailAttachment.of("video.mp4", "video/mp4", new byte[24 * 1024 * 1024]))
                .build());

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Permanent.class,
            p ->
                assertThat(p.reason())
                    .startsWith("metadata.attachment.0:")
                    .contains("video.mp4")
                    .contains("SendGrid accepts at most 31457280"));
    assertThat(sendGrid.requests()).isEmpty();
  }

  @Test
  void validate_address_refuses_a_malformed_address_with_the_field_named() {
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () -> adapter.validateAddress("not an address"))
        .isInstanceOf(dev.communicable.InvalidRequestException.class)
        .hasMessageStartingWith("address: ");
    adapter.validateAddress("ada@example.com");
  }
}
