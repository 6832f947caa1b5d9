package dev.communicable.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.testkit.http.ProviderStub;
import jakarta.mail.BodyPart;
import jakarta.mail.internet.ContentDisposition;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("Mailgun adapter against a local stand-in of the Messages API")
class MailgunEmailAdapterTest {
  private ProviderStub mailgun;
  private ChannelAdapter adapter;

  @BeforeEach
  void start() throws Exception {
    mailgun = ProviderStub.start();
    adapter =
        EmailAdapters.mailgun(
            MailgunConfig.builder()
                .apiKey("key-3ax6xnjp29jd6fds4gc373sgvjxteol0")
                .domain("mg.shop.example")
                .from("no-reply@mg.shop.example")
                .fromName("Shop")
                .http(
                    HttpSettings.builder()
                        .baseUrl(mailgun.baseUrl())
                        .requestTimeout(Duration.ofSeconds(3))
                        .build())
                .build());
  }

  @AfterEach
  void stop() {
    adapter.close();
    mailgun.close();
  }

  /** The form fields of a multipart/form-data body, parsed by Jakarta Mail. */
  private static Map<String, List<BodyPart>> form(ProviderStub.Request request) throws Exception {
    MimeMultipart multipart =
        new MimeMultipart(new ByteArrayDataSource(request.body(), request.header("Content-Type")));
    Map<String, List<BodyPart>> fields = new LinkedHashMap<>();
    for (int i = 0; i < multipart.getCount(); i++) {
      BodyPart part = multipart.getBodyPart(i);
      String name =
          new ContentDisposition(part.getHeader("Content-Disposition")[0]).getParameter("name");
      fields.computeIfAbsent(name, k -> new ArrayList<>()).add(part);
    }
    return fields;
  }

  private static String text(BodyPart part) throws Exception {
    try (InputStream in = part.getInputStream()) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void posts_multipart_form_data_with_basic_auth_api_key_and_reads_the_id() throws Exception {
    mailgun.answer(
        200,
        "{\"id\":\"<20250301093000.1.ABC@mg.shop.example>\",\"message\":\"Queued. Thank you.\"}");
    byte[] pdf = "%PDF-1.7".getBytes(StandardCharsets.US_ASCII);
    OutboundMessage message =
        Messages.email()
            .subject("Ihre Rechnung")
            .text("Betrag: 42,00 €")
            .html("<p>Betrag: 42,00 €</p>")
            .meta("replyTo", "billing@shop.example")
            .meta("header.X-Campaign", "spring")
            .meta("unsubscribeUrl", "https://shop.example/u/1")
            .attach(EmailAttachment.of("rechnung.pdf", "application/pdf", pdf))
            .build();

    SendResult result = adapter.send(message);

    assertThat(result)
        .isEqualTo(SendResult.accepted("mailgun", "20250301093000.1.ABC@mg.shop.example"));
    ProviderStub.Request request = mailgun.onlyRequest();
    assertThat(request.method()).isEqualTo("POST");
    assertThat(request.path()).isEqualTo("/v3/mg.shop.example/messages");
    assertThat(request.header("Authorization"))
        .isEqualTo(
            "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        "api:key-3ax6xnjp29jd6fds4gc373sgvjxteol0"
                            .getBytes(StandardCharsets.UTF_8)));
    assertThat(request.header("Content-Type")).startsWith("multipart/form-data; boundary=");

    Map<String, List<BodyPart>> form = form(request);
    assertThat(form)
        .containsOnlyKeys(
            "from",
            "to",
            "subject",
            "text",
            "html",
            "h:Reply-To",
            "h:X-Campaign",
            "h:List-Unsubscribe",
            "h:List-Unsubscribe-Post",
            "v:communicable-delivery-id",
            "v:communicable-idempotency-key",
            "attachment");
    assertThat(text(form.get("from").get(0))).isEqualTo("Shop <no-reply@mg.shop.example>");
    assertThat(text(form.get("to").get(0))).isEqualTo("ada@example.com");
    assertThat(text(form.get("subject").get(0))).isEqualTo("Ihre Rechnung");
    assertThat(text(form.get("text").get(0))).isEqualTo("Betrag: 42,00 €");
    assertThat(text(form.get("html").get(0))).isEqualTo("<p>Betrag: 42,00 €</p>");
    assertThat(text(form.get("h:Reply-To").get(0))).isEqualTo("billing@shop.example");
    assertThat(text(form.get("h:X-Campaign").get(0))).isEqualTo("spring");
    assertThat(text(form.get("h:List-Unsubscribe").get(0))).isEqualTo("<https://shop.example/u/1>");
    assertThat(text(form.get("h:List-Unsubscribe-Post").get(0)))
        .isEqualTo("List-Unsubscribe=One-Click");
    assertThat(text(form.get("v:communicable-delivery-id").get(0)))
        .isEqualTo(message.deliveryId().toString());
    BodyPart attachment = form.get("attachment").get(0);
    assertThat(attachment.getFileName()).isEqualTo("rechnung.pdf");
    assertThat(attachment.getContentType()).isEqualTo("application/pdf");
    try (InputStream in = attachment.getInputStream()) {
      assertThat(in.readAllBytes()).isEqualTo(pdf);
    }
  }

  @Test
  void documented_errors_map_to_permanent_or_retryable() {
    mailgun.answer(
        400, "{\"message\":\"'to' parameter is not a valid address. please check documentation\"}");
    mailgun.answer(401, "Forbidden");
    mailgun.answer(402, "{\"message\":\"Request failed\"}");
    mailgun.answer(404, "{\"message\":\"Domain not found: mg.shop.example\"}");
    mailgun.answer(413, "{\"message\":\"Request entity too large\"}");
    mailgun.answer(429, "{\"message\":\"Too many requests\"}", "Retry-After", "12");
    mailgun.answer(500, "{\"message\":\"Internal error\"}");
    mailgun.answer(502, "Bad Gateway");

    List<SendResult> results = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      results.add(adapter.send(Messages.email().build()));
    }

    assertThat(results.subList(0, 5))
        .extracting(r -> ((SendResult.Permanent) r).code())
        .containsExactly(
            "bad_request", "unauthorized", "request_failed", "not_found", "payload_too_large");
    assertThat(((SendResult.Permanent) results.get(0)).reason())
        .contains("'to' parameter is not a valid address");
    assertThat(results.get(5))
        .isEqualTo(
            SendResult.retryable("mailgun", "HTTP 429: Too many requests", Duration.ofSeconds(12)));
    assertThat(results.subList(6, 8)).allMatch(r -> r instanceof SendResult.Retryable);
  }

  @Test
  void a_provider_that_does_not_answer_in_time_is_retryable() {
    mailgun.hang();

    assertThat(adapter.send(Messages.email().build()))
        .isInstanceOfSatisfying(
            SendResult.Retryable.class, r -> assertThat(r.reason()).contains("timed out"));
  }

  @Test
  void bad_input_and_oversized_attachments_are_refused_before_any_request() {
    SendResult malformed = adapter.send(Messages.email().to("ada at example.com").build());
    SendResult tooBig =
        adapter.send(
            Messages.email()
                .attach(EmailAttachment.of("scan.tiff", "image/tiff", new byte[20 * 1024 * 1024]))
                .build());
    SendResult tooManyHeaderBytes =
        adapter.send(
            Messages.email()
                .meta("header.X-A", "a".repeat(900))
                .meta("header.X-B", "b".repeat(900))
                .meta("header.X-C", "c".repeat(900))
                .meta("header.X-D", "d".repeat(900))
                .meta("header.X-E", "e".repeat(900))
                .meta("header.X-F", "f".repeat(900))
                .meta("header.X-G", "g".repeat(900))
                .meta("header.X-H", "h".repeat(900))
                .meta("header.X-I", "i".repeat(900))
                .meta("header.X-J", "j".repeat(900))
                .meta("header.X-K", "k".repeat(900))
                .meta("header.X-L", "l".repeat(900))
                .meta("header.X-M", "m".repeat(900))
                .meta("header.X-N", "n".repeat(900))
                .meta("header.X-O", "o".repeat(900))
                .meta("header.X-P", "p".repeat(900))
                .meta("header.X-Q", "q".repeat(900))
                .meta("header.X-R", "r".repeat(900))
                .build());
    SendResult httpUnsubscribe =
        adapter.send(Messages.email().meta("unsubscribeUrl", "http://shop.example/u").build());

    assertThat(((SendResult.Permanent) malformed).reason()).startsWith("address:");
    assertThat(((SendResult.Permanent) tooBig).reason())
        .startsWith("metadata.attachment.0:")
        .contains("Mailgun accepts at most 26214400");
    assertThat(((SendResult.Permanent) tooManyHeaderBytes).reason())
        .contains("Mailgun accepts at most 16384");
    assertThat(((SendResult.Permanent) httpUnsubscribe).reason())
        .contains("metadata.unsubscribeUrl")
        .contains("https");
    assertThat(mailgun.requests()).isEmpty();
  }
}
