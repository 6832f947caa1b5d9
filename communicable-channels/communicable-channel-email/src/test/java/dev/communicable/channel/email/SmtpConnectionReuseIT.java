package dev.communicable.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.SendResult;
import dev.communicable.memory.SettableClock;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.subethamail.smtp.RejectException;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * Connections kept between sends, against a real SMTP server (SubEthaSMTP) that reports each SMTP
 * session it accepts and ends, and through which session each message came.
 */
@Tag("integration")
@DisplayName("SMTP adapter keeping connections between sends (SubEthaSMTP)")
class SmtpConnectionReuseIT {
  private final SettableClock clock = SettableClock.of(Instant.parse("2025-03-01T09:30:00Z"));
  private final List<Session> sessions = new CopyOnWriteArrayList<>();
  private final AtomicInteger ended = new AtomicInteger();
  private final List<String> sessionOfEachMessage = new CopyOnWriteArrayList<>();
  private final List<String> subjects = new CopyOnWriteArrayList<>();
  private volatile String refuse;
  private SMTPServer server;
  private ChannelAdapter adapter;

  @BeforeEach
  void start() {
    server =
        SMTPServer.port(0)
            .bindAddress(InetAddress.getLoopbackAddress())
            .hostName("localhost")
            .sessionHandler(
                new SessionHandler() {
                  @Override
                  public SessionAcceptance accept(Session session) {
                    sessions.add(session);
                    return SessionAcceptance.success();
                  }

                  @Override
                  public void onSessionEnd(Session session) {
                    ended.incrementAndGet();
                  }
                })
            .messageHandler(
                (context, from, to, data) -> {
                  String text = new String(data, java.nio.charset.StandardCharsets.UTF_8);
                  if (refuse != null && text.contains(refuse)) {
                    throw new RejectException(554, "5.7.1 refused by policy");
                  }
                  sessionOfEachMessage.add(context.getSessionId());
                  subjects.add(
                      text.lines().filter(l -> l.startsWith("Subject: ")).findFirst().orElse(""));
                })
            .build();
    server.start();
  }

  @AfterEach
  void stop() {
    if (adapter != null) {
      adapter.close();
    }
    server.stop();
  }

  private SmtpConfig.Builder config() {
    return SmtpConfig.builder()
        .host("127.0.0.1")
        .port(server.getPortAllocated())
        .security(SmtpConfig.Security.NONE)
        .from("no-reply@shop.example")
        .connectTimeout(Duration.ofSeconds(5))
        .readTimeout(Duration.ofSeconds(5))
        .clock(clock);
  }

  private SendResult send(int n) {
    return adapter.send(Messages.email().subject("Message " + n).idempotencyKey("k-" + n).build());
  }

  private long distinctSessions() {
    return sessionOfEachMessage.stream().distinct().count();
  }

  @Test
  void messages_sent_one_after_another_share_one_connection() {
    adapter = EmailAdapters.smtp(config().build());

    for (int n = 1; n <= 5; n++) {
      assertThat(send(n).isAccepted()).isTrue();
    }

    assertThat(sessionOfEachMessage).hasSize(5);
    assertThat(distinctSessions()).isOne();
    assertThat(sessions).hasSize(1);
    assertThat(ended).as("kept open for the next message").hasValue(0);

    adapter.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> ended.get() == 1);
  }

  @Test
  void a_connection_carries_at_most_the_configured_number_of_messages() {
    adapter = EmailAdapters.smtp(config().maxMessagesPerConnection(2).build());

    for (int n = 1; n <= 5; n++) {
      assertThat(send(n).isAccepted()).isTrue();
    }

    assertThat(sessions).hasSize(3);
    assertThat(distinctSessions()).isEqualTo(3);
  }

  @Test
  void with_no_idle_connections_each_message_has_its_own() {
    adapter = EmailAdapters.smtp(config().maxIdleConnections(0).build());

    for (int n = 1; n <= 3; n++) {
      assertThat(send(n).isAccepted()).isTrue();
    }

    assertThat(sessions).hasSize(3);
    await().atMost(Duration.ofSeconds(10)).until(() -> ended.get() == 3);
  }

  @Test
  void a_connection_the_server_dropped_is_noticed_and_replaced_without_losing_the_message()
      throws Exception {
    adapter = EmailAdapters.smtp(config().build());
    assertThat(send(1).isAccepted()).isTrue();

    sessions.get(0).closeSocket();
    await().atMost(Duration.ofSeconds(10)).until(() -> ended.get() == 1);

    assertThat(send(2).isAccepted()).isTrue();
    assertThat(sessions).hasSize(2);
    assertThat(subjects).containsExactly("Subject: Message 1", "Subject: Message 2");
  }

  @Test
  void a_connection_idle_longer_than_the_timeout_is_closed_not_reused() {
    adapter = EmailAdapters.smtp(config().idleTimeout(Duration.ofSeconds(60)).build());
    assertThat(send(1).isAccepted()).isTrue();

    clock.advance(Duration.ofSeconds(59));
    assertThat(send(2).isAccepted()).isTrue();
    assertThat(sessions).as("reused within the timeout").hasSize(1);

    clock.advance(Duration.ofSeconds(60));
    assertThat(send(3).isAccepted()).isTrue();
    assertThat(sessions).hasSize(2);
    await().atMost(Duration.ofSeconds(10)).until(() -> ended.get() == 1);
  }

  @Test
  void a_failed_send_closes_its_connection_and_the_next_message_gets_a_new_one() {
    adapter = EmailAdapters.smtp(config().build());
    refuse = "Message 1";

    SendResult refused = send(1);
    assertThat(refused).isInstanceOf(SendResult.Permanent.class);
    assertThat(((SendResult.Permanent) refused).code()).isEqualTo("smtp_554");

    assertThat(send(2).isAccepted()).isTrue();
    assertThat(sessions).hasSize(2);
    assertThat(subjects).containsExactly("Subject: Message 2");
  }

  @Test
  void concurrent_senders_each_get_a_connection_and_only_the_configured_number_are_kept()
      throws Exception {
    adapter = EmailAdapters.smtp(config().maxIdleConnections(2).build());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<SendResult>> results = new ArrayList<>();
      for (int n = 1; n <= 80; n++) {
        int number = n;
        results.add(pool.submit(() -> send(number)));
      }
      for (Future<SendResult> r : results) {
        assertThat(r.get().isAccepted()).isTrue();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(subjects).hasSize(80).doesNotHaveDuplicates();
    assertThat(sessions.size()).isBetween(1, 80);
    await().atMost(Duration.ofSeconds(10)).until(() -> sessions.size() - ended.get() <= 2);
  }
}
