package dev.communicable.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.SendResult;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("SMTP replies map to retryable and permanent results")
class SmtpReplyMappingIT {
  private ScriptedSmtpServer server;
  private ChannelAdapter adapter;

  @BeforeEach
  void start() throws Exception {
    server = new ScriptedSmtpServer();
    adapter =
        EmailAdapters.smtp(
            SmtpConfig.builder()
                .host("127.0.0.1")
                .port(server.port())
                .security(SmtpConfig.Security.NONE)
                .from("no-reply@shop.example")
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofMillis(500))
                .build());
  }

  @AfterEach
  void stop() throws Exception {
    adapter.close();
    server.close();
  }

  @Test
  void a_250_after_data_is_accepted() {
    assertThat(adapter.send(Messages.email().build())).isInstanceOf(SendResult.Accepted.class);
  }

  @Test
  void a_4xx_reply_to_rcpt_is_retryable() {
    server.reply("RCPT", "451 4.7.1 Greylisted, try again later");

    SendResult result = adapter.send(Messages.email().build());

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Retryable.class, r -> assertThat(r.reason()).contains("451"));
  }

  @Test
  void unknown_mailbox_5_1_1_means_the_address_is_revoked() {
    server.reply("RCPT", "550 5.1.1 <ada@example.com>: Recipient address rejected: User unknown");

    SendResult result = adapter.send(Messages.email().build());

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Permanent.class,
            p -> assertThat(p.code()).isEqualTo(SendResult.ADDRESS_REVOKED));
  }

  @Test
  void a_5xx_reply_to_mail_from_is_permanent_with_the_reply_code() {
    server.reply("MAIL", "530 5.7.0 Authentication required");

    SendResult result = adapter.send(Messages.email().build());

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("smtp_530"));
  }

  @Test
  void a_552_after_data_means_the_message_is_too_large() {
    server.reply("DATA-END", "552 5.3.4 Message size exceeds fixed limit");

    SendResult result = adapter.send(Messages.email().build());

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Permanent.class, p -> assertThat(p.code()).isEqualTo("message_too_large"));
  }

  @Test
  void a_temporary_failure_after_data_is_retryable() {
    server.reply("DATA-END", "421 4.3.0 Service shutting down");

    assertThat(adapter.send(Messages.email().build())).isInstanceOf(SendResult.Retryable.class);
  }

  @Test
  void a_server_that_never_answers_times_out_as_retryable() {
    server.silent();

    SendResult result = adapter.send(Messages.email().build());

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Retryable.class, r -> assertThat(r.reason()).contains("timed out"));
  }
}
