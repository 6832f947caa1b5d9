package dev.communicable.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.SendResult;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.security.KeyStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.auth.EasyAuthenticationHandlerFactory;
import org.subethamail.smtp.server.SMTPServer;

/**
 * The STARTTLS upgrade against a real SMTP server (SubEthaSMTP) that refuses MAIL FROM before
 * STARTTLS and offers AUTH only inside TLS, with a self-signed certificate for localhost.
 */
@Tag("integration")
@DisplayName("SMTP adapter upgrading with STARTTLS (SubEthaSMTP)")
class SmtpStartTlsIT {
  private static final Instant NOW = Instant.parse("2025-03-01T09:30:00Z");
  private static final char[] STORE_PASSWORD = "test-only".toCharArray();

  /** One message the server received: its envelope and its bytes. */
  private record Received(String from, String to, byte[] data) {}

  private final List<Received> received = new CopyOnWriteArrayList<>();
  private final List<String> logins = new CopyOnWriteArrayList<>();
  private SMTPServer server;
  private ChannelAdapter adapter;

  @AfterEach
  void stop() {
    if (adapter != null) {
      adapter.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  private int start(boolean offerStartTls) throws Exception {
    SMTPServer.Builder builder =
        SMTPServer.port(0)
            .bindAddress(java.net.InetAddress.getLoopbackAddress())
            .hostName("localhost")
            .authenticationHandlerFactory(
                new EasyAuthenticationHandlerFactory(
                    (user, password, context) -> {
                      logins.add(user);
                      if (!user.equals("mailer") || !password.equals("s3cret-pass")) {
                        throw new org.subethamail.smtp.auth.LoginFailedException();
                      }
                    }))
            .messageHandler(
                (context, from, to, data) -> received.add(new Received(from, to, data)));
    if (offerStartTls) {
      builder
          .enableTLS()
          .requireTLS()
          .showAuthCapabilitiesBeforeSTARTTLS(false)
          .startTlsSocketFactory(serverTls());
    }
    server = builder.build();
    server.start();
    return server.getPortAllocated();
  }

  private static SSLContext serverTls() throws Exception {
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (InputStream in = SmtpStartTlsIT.class.getResourceAsStream("/smtp-test-server.p12")) {
      store.load(in, STORE_PASSWORD);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(store, STORE_PASSWORD);
    SSLContext tls = SSLContext.getInstance("TLS");
    tls.init(keys.getKeyManagers(), null, null);
    return tls;
  }

  private static SmtpConfig.Builder startTls(int port) {
    return SmtpConfig.builder()
        .host("127.0.0.1")
        .port(port)
        .security(SmtpConfig.Security.STARTTLS)
        .from("no-reply@shop.example")
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(5))
        .clock(Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static MimeMessage parse(byte[] data) throws Exception {
    return new MimeMessage(Session.getInstance(new Properties()), new ByteArrayInputStream(data));
  }

  @Test
  void upgrades_then_authenticates_then_sends_through_a_server_that_requires_tls()
      throws Exception {
    int port = start(true);
    adapter =
        EmailAdapters.smtp(
            startTls(port).trustedHosts("127.0.0.1").credentials("mailer", "s3cret-pass").build());

    SendResult result =
        adapter.send(Messages.email().subject("Over TLS").text("Sent after STARTTLS").build());

    assertThat(result).isInstanceOf(SendResult.Accepted.class);
    assertThat(logins).containsExactly("mailer");
    assertThat(received)
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.from()).isEqualTo("no-reply@shop.example");
              assertThat(r.to()).isEqualTo("ada@example.com");
              MimeMessage mime = parse(r.data());
              assertThat(mime.getSubject()).isEqualTo("Over TLS");
              assertThat(((String) mime.getContent()).trim()).isEqualTo("Sent after STARTTLS");
              assertThat(mime.getMessageID())
                  .isEqualTo("<" + ((SendResult.Accepted) result).providerMessageId() + ">");
            });
  }

  @Test
  void wrong_credentials_inside_tls_are_a_permanent_failure_and_nothing_is_sent() throws Exception {
    int port = start(true);
    adapter =
        EmailAdapters.smtp(
            startTls(port).trustedHosts("127.0.0.1").credentials("mailer", "wrong").build());

    SendResult result = adapter.send(Messages.email().build());

    assertThat(result).isInstanceOf(SendResult.Permanent.class);
    assertThat(((SendResult.Permanent) result).code()).isEqualTo("auth_failed");
    assertThat(received).isEmpty();
  }

  @Test
  void an_untrusted_certificate_offered_at_starttls_stops_the_send_before_any_mail()
      throws Exception {
    int port = start(true);
    adapter = EmailAdapters.smtp(startTls(port).credentials("mailer", "s3cret-pass").build());

    SendResult result = adapter.send(Messages.email().build());

    assertThat(result.isAccepted()).isFalse();
    assertThat(logins).isEmpty();
    assertThat(received).isEmpty();
  }

  @Test
  void a_server_that_does_not_offer_starttls_gets_no_credentials_and_no_mail() throws Exception {
    int port = start(false);
    adapter =
        EmailAdapters.smtp(
            startTls(port).trustedHosts("127.0.0.1").credentials("mailer", "s3cret-pass").build());

    SendResult result = adapter.send(Messages.email().build());

    assertThat(result).isInstanceOf(SendResult.Permanent.class);
    assertThat(((SendResult.Permanent) result).code()).isEqualTo("starttls_unavailable");
    assertThat(logins).as("credentials never sent in clear").isEmpty();
    assertThat(received).isEmpty();
  }
}
