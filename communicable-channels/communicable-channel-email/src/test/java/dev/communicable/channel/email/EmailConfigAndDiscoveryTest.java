package dev.communicable.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelAdapters;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.support.HttpSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Email configs and discovery")
class EmailConfigAndDiscoveryTest {

  @Test
  void to_string_never_shows_a_secret() {
    String smtp =
        SmtpConfig.builder()
            .host("smtp.example.com")
            .from("a@example.com")
            .credentials("mailer", "hunter2-password")
            .build()
            .toString();
    String sendGrid =
        SendGridConfig.builder()
            .apiKey("SG.abcdefghijklmnopqrstuvwxyz")
            .from("a@example.com")
            .build()
            .toString();
    String mailgun =
        MailgunConfig.builder()
            .apiKey("key-abcdefghijklmnop")
            .domain("mg.example.com")
            .from("a@mg.example.com")
            .build()
            .toString();

    assertThat(smtp).doesNotContain("hunter2").contains("mailer").contains("port=587");
    assertThat(sendGrid).doesNotContain("abcdefghijklmnopqrstuvwxyz").contains("SG.a****");
    assertThat(mailgun).doesNotContain("abcdefghijklmnop").contains("mg.example.com");
  }

  @Test
  void builders_name_the_wrong_field() {
    assertThatThrownBy(() -> SmtpConfig.builder().host("smtp.example.com").from("nope").build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("from: ");
    assertThatThrownBy(
            () ->
                SmtpConfig.builder()
                    .host("smtp.example.com")
                    .from("a@example.com")
                    .credentials("mailer", null)
                    .build())
        .hasMessageStartingWith("credentials: ");
    assertThatThrownBy(
            () ->
                SmtpConfig.builder()
                    .host("smtp.example.com")
                    .from("a@example.com")
                    .port(70000)
                    .build())
        .hasMessage("port: must be between 1 and 65535, was 70000");
    assertThatThrownBy(
            () ->
                SendGridConfig.builder()
                    .apiKey("k")
                    .from("a@example.com")
                    .http(HttpSettings.builder().baseUrl("ftp://x").build())
                    .build())
        .hasMessageStartingWith("baseUrl: ");
    assertThatThrownBy(
            () ->
                SendGridConfig.builder()
                    .apiKey("k")
                    .from("a@example.com")
                    .http(HttpSettings.builder().requestTimeout(Duration.ZERO).build())
                    .build())
        .hasMessageStartingWith("requestTimeout: ");
    assertThatThrownBy(
            () ->
                MailgunConfig.builder()
                    .apiKey("k")
                    .domain("not a domain")
                    .from("a@example.com")
                    .build())
        .hasMessageStartingWith("domain: ");
  }

  @Test
  void connection_reuse_settings_are_checked_and_named() {
    SmtpConfig.Builder b = SmtpConfig.builder().host("smtp.example.com").from("a@example.com");
    assertThat(b.build().maxIdleConnections()).isEqualTo(4);
    assertThat(b.build().idleTimeout()).isEqualTo(java.time.Duration.ofSeconds(60));
    assertThat(b.build().maxMessagesPerConnection()).isEqualTo(100);
    assertThatThrownBy(() -> b.maxIdleConnections(-1).build())
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("maxIdleConnections: must be between 0 and 64, was -1");
    assertThatThrownBy(() -> b.maxIdleConnections(65).build())
        .hasMessage("maxIdleConnections: must be between 0 and 64, was 65");
    b.maxIdleConnections(0);
    assertThatThrownBy(() -> b.maxMessagesPerConnection(0).build())
        .hasMessage("maxMessagesPerConnection: must be at least 1, was 0");
    b.maxMessagesPerConnection(1);
    assertThatThrownBy(() -> b.idleTimeout(java.time.Duration.ofSeconds(-1)).build())
        .hasMessageStartingWith("idleTimeout: ");
    assertThatThrownBy(
            () ->
                ChannelAdapters.discover(
                    getClass().getClassLoader(),
                    Map.of(
                            "communicable.smtp.host", "h",
                            "communicable.smtp.from", "a@x.example",
                            "communicable.smtp.max-idle-connections", "100")
                        ::get))
        .hasMessage("communicable.smtp.max-idle-connections: must be between 0 and 64, was 100");
  }

  @Test
  void the_port_follows_the_security_unless_set() {
    SmtpConfig.Builder b = SmtpConfig.builder().host("smtp.example.com").from("a@example.com");
    assertThat(b.security(SmtpConfig.Security.TLS).build().port()).isEqualTo(465);
    assertThat(b.security(SmtpConfig.Security.NONE).build().port()).isEqualTo(25);
  }

  @Test
  void discovery_builds_each_configured_provider_and_skips_the_others() {
    Map<String, String> settings =
        Map.of(
            "communicable.smtp.host", "127.0.0.1",
            "communicable.smtp.port", "2525",
            "communicable.smtp.security", "none",
            "communicable.smtp.from", "a@example.com",
            "communicable.sendgrid.api-key", "SG.key",
            "communicable.sendgrid.from", "a@example.com",
            "communicable.sendgrid.request-timeout", "PT5S");

    List<ChannelAdapter> adapters =
        ChannelAdapters.discover(getClass().getClassLoader(), settings::get);
    try {
      assertThat(adapters).extracting(ChannelAdapter::provider).contains("smtp", "sendgrid");
      assertThat(adapters).extracting(ChannelAdapter::provider).doesNotContain("mailgun");
      assertThat(adapters).extracting(ChannelAdapter::channel).containsOnly(ChannelType.EMAIL);
    } finally {
      adapters.forEach(ChannelAdapter::close);
    }
  }

  @Test
  void discovery_names_the_setting_that_is_missing_or_wrong() {
    assertThatThrownBy(
            () ->
                ChannelAdapters.discover(
                    getClass().getClassLoader(),
                    Map.of(
                            "communicable.mailgun.api-key",
                            "k",
                            "communicable.mailgun.from",
                            "a@x.example")
                        ::get))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("communicable.mailgun.domain: is required");
    assertThatThrownBy(
            () ->
                ChannelAdapters.discover(
                    getClass().getClassLoader(),
                    Map.of(
                            "communicable.sendgrid.api-key", "k",
                            "communicable.sendgrid.from", "a@x.example",
                            "communicable.sendgrid.from-name", "bad\nname")
                        ::get))
        .hasMessageStartingWith("communicable.sendgrid.from-name: ");
    assertThatThrownBy(
            () ->
                ChannelAdapters.discover(
                    getClass().getClassLoader(),
                    Map.of(
                            "communicable.smtp.host", "h",
                            "communicable.smtp.from", "a@x.example",
                            "communicable.smtp.security", "ssl3")
                        ::get))
        .hasMessage("communicable.smtp.security: must be none, starttls or tls, was 'ssl3'");
  }

  @Test
  void attachments_round_trip_through_metadata_and_bad_keys_are_named() {
    EmailAttachment pdf = EmailAttachment.of("a.pdf", "application/pdf", new byte[] {1, 2, 3});
    EmailAttachment txt = EmailAttachment.of("b.txt", "text/plain", "hi".getBytes());

    Map<String, String> metadata = EmailAttachment.metadata(List.of(pdf, txt));

    assertThat(metadata)
        .containsEntry("attachment.0.filename", "a.pdf")
        .containsEntry("attachment.0.content-type", "application/pdf")
        .containsEntry("attachment.0.content", "AQID")
        .containsEntry("attachment.1.filename", "b.txt");
    assertThat(EmailAttachment.fromMetadata(metadata)).containsExactly(pdf, txt);
    assertThatThrownBy(
            () ->
                EmailAttachment.fromMetadata(
                    Map.of("attachment.0.filename", "a.pdf", "attachment.0.content-type", "a/b")))
        .hasMessage("metadata.attachment.0.content: is missing");
    assertThatThrownBy(() -> EmailAttachment.fromMetadata(Map.of("attachment.x.size", "1")))
        .hasMessageStartingWith("metadata.attachment.x.size: ");
    assertThatThrownBy(() -> EmailAttachment.of("../etc/passwd", "text/plain", new byte[0]))
        .hasMessageStartingWith("attachment.filename: ");
    assertThatThrownBy(() -> EmailAttachment.of("a\r\nb.txt", "text/plain", new byte[0]))
        .hasMessageStartingWith("attachment.filename: ");
    assertThatThrownBy(() -> EmailAttachment.of("a.txt", "text", new byte[0]))
        .hasMessageStartingWith("attachment.content-type: ");
  }
}
