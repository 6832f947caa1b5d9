package dev.communicable.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.SendResult;
import jakarta.mail.BodyPart;
import jakarta.mail.Message;
import jakarta.mail.Part;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("SMTP adapter against a real SMTP server (GreenMail)")
class SmtpEmailAdapterIT {
  private static final Instant NOW = Instant.parse("2025-03-01T09:30:00Z");

  private GreenMail greenMail;
  private ChannelAdapter adapter;

  private GreenMail start(ServerSetup setup) {
    greenMail = new GreenMail(setup.dynamicPort());
    greenMail.start();
    return greenMail;
  }

  private SmtpConfig.Builder plain(int port) {
    return SmtpConfig.builder()
        .host("127.0.0.1")
        .port(port)
        .security(SmtpConfig.Security.NONE)
        .from("no-reply@shop.example")
        .fromName("Shop")
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(5))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void stop() {
    if (adapter != null) {
      adapter.close();
    }
    if (greenMail != null) {
      greenMail.stop();
    }
  }

  @Test
  void sends_the_recipients_display_name_in_the_to_header_encoded_when_not_ascii()
      throws Exception {
    start(ServerSetupTest.SMTP);
    adapter = EmailAdapters.smtp(plain(greenMail.getSmtp().getPort()).build());

    assertThat(adapter.send(Messages.email().to("Zoë Ångström <zoe@example.com>").build()))
        .isInstanceOf(SendResult.Accepted.class);
    assertThat(adapter.send(Messages.email().to("\"Lovelace, Ada\" <ada@example.com>").build()))
        .isInstanceOf(SendResult.Accepted.class);

    MimeMessage zoe = greenMail.getReceivedMessagesForDomain("example.com")[0];
    assertThat(zoe.getHeader("To"))
        .containsExactly("=?UTF-8?Q?Zo=C3=AB_=C3=85ngstr=C3=B6m?= <zoe@example.com>");
    InternetAddress to = (InternetAddress) zoe.getRecipients(Message.RecipientType.TO)[0];
    assertThat(to.getPersonal()).isEqualTo("Zoë Ångström");
    assertThat(to.getAddress()).isEqualTo("zoe@example.com");
    MimeMessage ada = greenMail.getReceivedMessages()[1];
    assertThat(ada.getHeader("To")).containsExactly("\"Lovelace, Ada\" <ada@example.com>");
    assertThat(greenMail.getReceivedMessagesForDomain("zoe@example.com")).hasSize(1);
    assertThat(greenMail.getReceivedMessagesForDomain("ada@example.com")).hasSize(1);
  }

  @Test
  void
      sends_text_and_html_as_multipart_alternative_with_reply_to_headers_and_one_click_unsubscribe()
          throws Exception {
    start(ServerSetupTest.SMTP);
    adapter = EmailAdapters.smtp(plain(greenMail.getSmtp().getPort()).build());

    SendResult result =
        adapter.send(
            Messages.email()
                .subject("Votre facture — 42 €")
                .text("Amount: 42.00")
                .html("<p>Amount: <b>42.00</b></p>")
                .meta("replyTo", "billing@shop.example")
                .meta("header.X-Campaign", "spring-sale")
                .meta("unsubscribeUrl", "https://shop.example/unsubscribe?u=1&t=abc")
                .idempotencyKey("invoice-123-paid")
                .build());

    assertThat(result).isInstanceOf(SendResult.Accepted.class);
    MimeMessage received = greenMail.getReceivedMessages()[0];
    assertThat(((InternetAddress) received.getFrom()[0]).getAddress())
        .isEqualTo("no-reply@shop.example");
    assertThat(((InternetAddress) received.getFrom()[0]).getPersonal()).isEqualTo("Shop");
    assertThat(received.getRecipients(Message.RecipientType.TO))
        .extracting(a -> ((InternetAddress) a).getAddress())
        .containsExactly("ada@example.com");
    assertThat(received.getSubject()).isEqualTo("Votre facture — 42 €");
    assertThat(received.getReplyTo())
        .extracting(a -> ((InternetAddress) a).getAddress())
        .containsExactly("billing@shop.example");
    assertThat(received.getHeader("X-Campaign")).containsExactly("spring-sale");
    assertThat(received.getHeader("List-Unsubscribe"))
        .containsExactly("<https://shop.example/unsubscribe?u=1&t=abc>");
    assertThat(received.getHeader("List-Unsubscribe-Post"))
        .containsExactly("List-Unsubscribe=One-Click");
    assertThat(received.getSentDate().toInstant()).isEqualTo(NOW);
    assertThat(received.getMessageID())
        .isEqualTo("<" + ((SendResult.Accepted) result).providerMessageId() + ">");

    assertThat(received.getContentType()).startsWith("multipart/alternative");
    MimeMultipart alternative = (MimeMultipart) received.getContent();
    assertThat(alternative.getCount()).isEqualTo(2);
    assertThat(alternative.getBodyPart(0).getContentType()).startsWith("text/plain");
    assertThat(alternative.getBodyPart(0).getContent()).isEqualTo("Amount: 42.00");
    assertThat(alternative.getBodyPart(1).getContentType()).startsWith("text/html");
    assertThat(alternative.getBodyPart(1).getContent()).isEqualTo("<p>Amount: <b>42.00</b></p>");
  }

  @Test
  void sends_attachments_in_multipart_mixed_after_the_body() throws Exception {
    start(ServerSetupTest.SMTP);
    adapter = EmailAdapters.smtp(plain(greenMail.getSmtp().getPort()).build());
    byte[] pdf = "%PDF-1.7 fake invoice".getBytes(StandardCharsets.US_ASCII);
    byte[] csv = "item,amount\nwidget,42.00\n".getBytes(StandardCharsets.UTF_8);

    SendResult result =
        adapter.send(
            Messages.email()
                .text("See attached.")
                .attach(
                    EmailAttachment.of("invoice.pdf", "application/pdf", pdf),
                    EmailAttachment.of("lines.csv", "text/csv", csv))
                .build());

    assertThat(result.isAccepted()).isTrue();
    MimeMessage received = greenMail.getReceivedMessages()[0];
    assertThat(received.getContentType()).startsWith("multipart/mixed");
    MimeMultipart mixed = (MimeMultipart) received.getContent();
    assertThat(mixed.getCount()).isEqualTo(3);
    assertThat(mixed.getBodyPart(0).getContent()).isEqualTo("See attached.");
    BodyPart invoice = mixed.getBodyPart(1);
    assertThat(invoice.getDisposition()).isEqualTo(Part.ATTACHMENT);
    assertThat(invoice.getFileName()).isEqualTo("invoice.pdf");
    assertThat(invoice.getContentType()).startsWith("application/pdf");
    try (InputStream in = invoice.getInputStream()) {
      assertThat(in.readAllBytes()).isEqualTo(pdf);
    }
    assertThat(mixed.getBodyPart(2).getFileName()).isEqualTo("lines.csv");
    try (InputStream in = mixed.getBodyPart(2).getInputStream()) {
      assertThat(in.readAllBytes()).isEqualTo(csv);
    }
  }

  @Test
  void sends_html_only_as_a_single_html_part() throws Exception {
    start(ServerSetupTest.SMTP);
    adapter = EmailAdapters.smtp(plain(greenMail.getSmtp().getPort()).build());

    assertThat(adapter.send(Messages.email().text(null).html("<h1>Hi</h1>").build()).isAccepted())
        .isTrue();

    MimeMessage received = greenMail.getReceivedMessages()[0];
    assertThat(received.getContentType()).startsWith("text/html");
    assertThat(received.getContent()).isEqualTo("<h1>Hi</h1>");
    assertThat(received.getHeader("List-Unsubscribe")).isNull();
  }

  @Test
  void a_retried_delivery_keeps_the_same_message_id() throws Exception {
    start(ServerSetupTest.SMTP);
    adapter = EmailAdapters.smtp(plain(greenMail.getSmtp().getPort()).build());

    SendResult first = adapter.send(Messages.email().idempotencyKey("k-1").build());
    SendResult second = adapter.send(Messages.email().idempotencyKey("k-1").build());
    SendResult other = adapter.send(Messages.email().idempotencyKey("k-2").build());

    String id = ((SendResult.Accepted) first).providerMessageId();
    assertThat(id).endsWith("@shop.example");
    assertThat(((SendResult.Accepted) second).providerMessageId()).isEqualTo(id);
    assertThat(((SendResult.Accepted) other).providerMessageId()).isNotEqualTo(id);
    assertThat(greenMail.getReceivedMessages()[1].getMessageID()).isEqualTo("<" + id + ">");
  }

  @Test
  void authenticates_when_credentials_are_configured() throws Exception {
    start(ServerSetupTest.SMTP);
    greenMail.getUserManager().setAuthRequired(true);
    greenMail.setUser("no-reply@shop.example", "mailer", "s3cret-pass");
    adapter =
        EmailAdapters.smtp(
            plain(greenMail.getSmtp().getPort()).credentials("mailer", "s3cret-pass").build());

    assertThat(adapter.send(Messages.email().build()).isAccepted()).isTrue();
    assertThat(greenMail.getReceivedMessages()).hasSize(1);
  }

  @Test
  void wrong_credentials_are_a_permanent_failure() {
    start(ServerSetupTest.SMTP);
    greenMail.getUserManager().setAuthRequired(true);
    greenMail.setUser("no-reply@shop.example", "mailer", "s3cret-pass");
    adapter =
        EmailAdapters.smtp(
            plain(greenMail.getSmtp().getPort()).credentials("mailer", "wrong").build());

    SendResult result = adapter.send(Messages.email().build());

    assertThat(result).isInstanceOf(SendResult.Permanent.class);
    assertThat(((SendResult.Permanent) result).code()).isEqualTo("auth_failed");
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void sends_over_implicit_tls_trusting_the_servers_certificate_when_told_to() throws Exception {
    start(ServerSetupTest.SMTPS);
    adapter =
        EmailAdapters.smtp(
            plain(greenMail.getSmtps().getPort())
                .security(SmtpConfig.Security.TLS)
                .trustedHosts("127.0.0.1")
                .build());

    assertThat(adapter.send(Messages.email().build())).isInstanceOf(SendResult.Accepted.class);
    assertThat(greenMail.getReceivedMessages()).hasSize(1);
  }

  @Test
  void refuses_an_untrusted_tls_certificate() {
    start(ServerSetupTest.SMTPS);
    adapter =
        EmailAdapters.smtp(
            plain(greenMail.getSmtps().getPort()).security(SmtpConfig.Security.TLS).build());

    SendResult result = adapter.send(Messages.email().build());

    assertThat(result.isAccepted()).isFalse();
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void starttls_is_required_not_opportunistic_so_a_server_without_it_gets_nothing() {
    start(ServerSetupTest.SMTP);
    adapter =
        EmailAdapters.smtp(
            plain(greenMail.getSmtp().getPort()).security(SmtpConfig.Security.STARTTLS).build());

    SendResult result = adapter.send(Messages.email().build());

    assertThat(result).isInstanceOf(SendResult.Permanent.class);
    assertThat(((SendResult.Permanent) result).code()).isEqualTo("starttls_unavailable");
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void cr_lf_in_a_header_value_is_refused_before_connecting() {
    start(ServerSetupTest.SMTP);
    adapter = EmailAdapters.smtp(plain(greenMail.getSmtp().getPort()).build());

    SendResult subject =
        adapter.send(Messages.email().subject("Hello\r\nBcc: victim@example.com").build());
    SendResult header =
        adapter.send(Messages.email().meta("header.X-Tag", "a\nBcc: victim@example.com").build());
    SendResult replyTo =
        adapter.send(Messages.email().meta("replyTo", "a@b.example\r\nBcc: v@x.example").build());

    assertThat(subject)
        .isInstanceOfSatisfying(
            SendResult.Permanent.class,
            p -> assertThat(p.reason()).contains("content.subject").contains("header injection"));
    assertThat(header)
        .isInstanceOfSatisfying(
            SendResult.Permanent.class,
            p -> assertThat(p.reason()).contains("metadata.header.X-Tag").contains("CR or LF"));
    assertThat(replyTo)
        .isInstanceOfSatisfying(
            SendResult.Permanent.class, p -> assertThat(p.reason()).contains("metadata.replyTo"));
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void a_message_over_the_configured_size_is_refused_unsent() {
    start(ServerSetupTest.SMTP);
    adapter =
        EmailAdapters.smtp(plain(greenMail.getSmtp().getPort()).maxMessageBytes(4096).build());

    SendResult result =
        adapter.send(
            Messages.email()
                .attach(EmailAttachment.of("big.bin", "application/octet-stream", new byte[8000]))
                .build());

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Permanent.class,
            p -> {
              assertThat(p.code()).isEqualTo("message_too_large");
              assertThat(p.reason()).contains("4096");
            });
    assertThat(greenMail.getReceivedMessages()).isEmpty();
  }

  @Test
  void an_unreachable_server_is_retryable() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    adapter = EmailAdapters.smtp(plain(closedPort).build());

    assertThat(adapter.send(Messages.email().build())).isInstanceOf(SendResult.Retryable.class);
  }
}
