package dev.communicable.channel.email;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.communicable.Communicable;
import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.memory.InMemoryStores;
import dev.communicable.testkit.http.ProviderStub;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("Provider failover on the email channel: SendGrid first, then SMTP")
class EmailFailoverIT {
  record User(String communicableId, String tenantId) implements Communicable {
    @Override
    public Map<ChannelType, String> contactPoints() {
      return Map.of(ChannelType.EMAIL, "ada@example.com");
    }
  }

  private final InMemoryStores stores = InMemoryStores.create();
  private ProviderStub sendGrid;
  private GreenMail smtp;
  private Communication comms;

  @BeforeEach
  void start() throws Exception {
    sendGrid = ProviderStub.start();
    smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
    smtp.start();
    comms =
        Communication.builder()
            .stores(stores)
            .adapter(
                EmailAdapters.sendGrid(
                    SendGridConfig.builder()
                        .apiKey("SG.failover")
                        .from("no-reply@shop.example")
                        .http(
                            HttpSettings.builder()
                                .baseUrl(sendGrid.baseUrl())
                                .requestTimeout(Duration.ofSeconds(1))
                                .build())
                        .build()))
            .adapter(
                EmailAdapters.smtp(
                    SmtpConfig.builder()
                        .host("127.0.0.1")
                        .port(smtp.getSmtp().getPort())
                        .security(SmtpConfig.Security.NONE)
                        .from("no-reply@shop.example")
                        .build()))
            .workers(0)
            .build();
  }

  @AfterEach
  void stop() {
    comms.close();
    smtp.stop();
    sendGrid.close();
  }

  private Delivery sendOne(String key) {
    Receipt receipt =
        comms.send(
            Notification.event("invoice.paid")
                .to(new User("user-1", "tenant-a"))
                .channels(ChannelType.EMAIL)
                .content(Content.builder().subject("Paid").text("Thanks").build())
                .idempotencyKey(key)
                .build());
    comms.dispatchDue();
    List<Delivery> deliveries = comms.deliveries(receipt.tenantId(), receipt.messageId());
    assertThat(deliveries).hasSize(1);
    return deliveries.get(0);
  }

  private List<DeliveryAttempt> attempts(Delivery d) {
    return stores.deliveries().attempts(d.tenantId(), d.id());
  }

  @Test
  void a_sendgrid_outage_moves_the_attempt_to_smtp_which_records_itself_as_the_sender()
      throws Exception {
    sendGrid.answer(503, "Service Unavailable");

    Delivery delivery = sendOne("k-outage");

    assertThat(delivery.state()).isEqualTo(DeliveryState.SENT);
    assertThat(attempts(delivery))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.provider()).isEqualTo("smtp");
              assertThat(a.outcome()).isEqualTo(DeliveryAttempt.Outcome.ACCEPTED);
              assertThat(a.providerMessageId()).endsWith("@shop.example");
            });
    assertThat(sendGrid.requests()).hasSize(1);
    assertThat(smtp.getReceivedMessages()).hasSize(1);
    assertThat(smtp.getReceivedMessages()[0].getSubject()).isEqualTo("Paid");
  }

  @Test
  void a_sendgrid_timeout_also_fails_over() {
    sendGrid.hang();

    Delivery delivery = sendOne("k-timeout");

    assertThat(delivery.state()).isEqualTo(DeliveryState.SENT);
    assertThat(attempts(delivery)).extracting(DeliveryAttempt::provider).containsExactly("smtp");
    assertThat(smtp.getReceivedMessages()).hasSize(1);
  }

  @Test
  void when_sendgrid_accepts_smtp_is_not_used() {
    sendGrid.answer(202, "", "X-Message-Id", "sg-1");

    Delivery delivery = sendOne("k-ok");

    assertThat(attempts(delivery))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.provider()).isEqualTo("sendgrid");
              assertThat(a.providerMessageId()).isEqualTo("sg-1");
            });
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }

  @Test
  void a_permanent_refusal_from_sendgrid_does_not_fail_over() {
    sendGrid.answer(400, "{\"errors\":[{\"message\":\"invalid\"}]}");

    Delivery delivery = sendOne("k-refused");

    assertThat(delivery.state()).isEqualTo(DeliveryState.FAILED);
    assertThat(attempts(delivery))
        .extracting(DeliveryAttempt::provider)
        .containsExactly("sendgrid");
    assertThat(smtp.getReceivedMessages()).isEmpty();
  }
}
