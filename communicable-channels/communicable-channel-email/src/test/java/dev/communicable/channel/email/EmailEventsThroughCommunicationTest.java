package dev.communicable.channel.email;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.memory.InMemoryStores;
import dev.communicable.memory.RecordingChannelAdapter;
import dev.communicable.memory.SettableClock;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.testkit.http.ProviderStub;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("integration")
@DisplayName("Signed email provider events move deliveries through the engine")
class EmailEventsThroughCommunicationTest {
  private static final Instant START = Instant.parse("2025-03-01T09:00:00Z");
  private static final String MAILGUN_KEY = "key-signing-0123456789";

  private final SettableClock clock = SettableClock.of(START);
  private final InMemoryStores stores = InMemoryStores.create();
  private final RecordingChannelAdapter sms =
      new RecordingChannelAdapter(ChannelType.SMS, "twilio");
  private final SendGridEventWebhookTest.Signer sendGridKeys =
      new SendGridEventWebhookTest.Signer();
  private final SendGridEventWebhook sendGridEvents =
      SendGridEventWebhook.builder().publicKey(sendGridKeys.publicKey()).clock(clock).build();
  private ProviderStub sendGrid;
  private ProviderStub mailgun;

  private final Recipient ada =
      new Recipient(
          "ada",
          "tenant-a",
          Map.of(ChannelType.EMAIL, "ada@example.com", ChannelType.SMS, "+14155552671"),
          Locale.ENGLISH,
          ZoneOffset.UTC);

  @BeforeEach
  void start() throws Exception {
    sendGrid = ProviderStub.start();
    mailgun = ProviderStub.start();
  }

  @AfterEach
  void stop() {
    sendGrid.close();
    mailgun.close();
  }

  private Communication sendGridThenSms(DeliveryPolicy policy) {
    return Communication.builder()
        .stores(stores)
        .clock(clock)
        .workers(0)
        .adapter(
            EmailAdapters.sendGrid(
                SendGridConfig.builder()
                    .apiKey("SG.events-test")
                    .from("no-reply@shop.example")
                    .http(
                        HttpSettings.builder()
                            .baseUrl(sendGrid.baseUrl())
                            .requestTimeout(Duration.ofSeconds(5))
                            .build())
                    .build()))
        .adapter(sms)
        .policy(policy)
        .build();
  }

  private Receipt sendEmail(Communication comms, String key) {
    Receipt receipt =
        comms.send(
            Notification.event("order.shipped")
                .to(ada)
                .content(Content.builder().subject("Shipped").text("On its way").build())
                .idempotencyKey(key)
                .build());
    comms.dispatchDue();
    return receipt;
  }

  /** What the host's endpoint does with a SendGrid request: verify, read, hand to the engine. */
  private void postToSendGridEndpoint(Communication comms, String json) {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String timestamp = Long.toString(clock.instant().getEpochSecond());
    String signature = sendGridKeys.sign(timestamp, body);
    for (EmailEvent event : sendGridEvents.verifyAndParse(signature, timestamp, body)) {
      event
          .deliveryEvent()
          .ifPresent(
              e ->
                  comms.trackByProviderId(
                      "tenant-a", event.providerMessageId(), e, event.detail()));
    }
  }

  @Test
  void a_signed_sendgrid_bounce_fails_the_email_and_the_fallback_sms_is_sent() {
    sendGrid.answer(202, "", "X-Message-Id", "Bnc5VsWTQ2K5ku-2sEdsLQ");
    try (Communication comms =
        sendGridThenSms(
            DeliveryPolicy.builder()
                .channels(ChannelType.EMAIL)
                .fallback(ChannelType.EMAIL, ChannelType.SMS)
                .build())) {
      Receipt sent = sendEmail(comms, "k-bounce");
      Delivery email = comms.deliveries("tenant-a", sent.messageId()).get(0);
      assertThat(email.state()).isEqualTo(DeliveryState.SENT);
      assertThat(stores.deliveries().attempts("tenant-a", email.id()))
          .extracting(DeliveryAttempt::provider, DeliveryAttempt::providerMessageId)
          .containsExactly(tuple("sendgrid", "Bnc5VsWTQ2K5ku-2sEdsLQ"));
      assertThat(sms.sent()).isEmpty();

      clock.advance(Duration.ofSeconds(40));
      postToSendGridEndpoint(
          comms,
          """
          [{"email":"ada@example.com","timestamp":1740819640,"event":"processed",
            "sg_message_id":"Bnc5VsWTQ2K5ku-2sEdsLQ.filterdrecv-5f54b5d587-1-67C2D0F0-4.0"},
           {"email":"ada@example.com","timestamp":1740819641,"event":"bounce","type":"bounce",
            "status":"5.1.1","reason":"550 5.1.1 No such user",
            "sg_message_id":"Bnc5VsWTQ2K5ku-2sEdsLQ.filterdrecv-5f54b5d587-1-67C2D0F0-4.0"}]
          """);
      comms.dispatchDue();

      List<Delivery> deliveries = comms.deliveries("tenant-a", sent.messageId());
      assertThat(deliveries)
          .extracting(Delivery::channel, Delivery::state)
          .containsExactly(
              tuple(ChannelType.EMAIL, DeliveryState.FAILED),
              tuple(ChannelType.SMS, DeliveryState.SENT));
      assertThat(deliveries.get(0).lastError())
          .endsWith("sendgrid bounce 5.1.1: 550 5.1.1 No such user");
      assertThat(sms.sent())
          .singleElement()
          .satisfies(m -> assertThat(m.address()).isEqualTo("+14155552671"));
    }
  }

  @Test
  void a_signed_sendgrid_open_marks_the_email_read_and_stops_its_escalation() {
    sendGrid.answer(202, "", "X-Message-Id", "Opn5VsWTQ2K5ku-2sEdsLQ");
    try (Communication comms =
        sendGridThenSms(
            DeliveryPolicy.builder()
                .channels(ChannelType.EMAIL)
                .escalateIfUnread(Duration.ofHours(2), ChannelType.SMS)
                .build())) {
      Receipt sent = sendEmail(comms, "k-open");

      clock.advance(Duration.ofMinutes(10));
      postToSendGridEndpoint(
          comms,
          """
          [{"email":"ada@example.com","timestamp":1740820200,"event":"delivered","response":"250 OK",
            "sg_message_id":"Opn5VsWTQ2K5ku-2sEdsLQ.filterdrecv-5f54b5d587-1-67C2D0F0-4.0"}]
          """);
      // The escalation waits, queued for two hours after the send, unless the email is read.
      assertThat(comms.deliveries("tenant-a", sent.messageId()))
          .extracting(Delivery::channel, Delivery::state)
          .containsExactly(
              tuple(ChannelType.EMAIL, DeliveryState.DELIVERED),
              tuple(ChannelType.SMS, DeliveryState.QUEUED));

      clock.advance(Duration.ofMinutes(20));
      postToSendGridEndpoint(
          comms,
          """
          [{"email":"ada@example.com","timestamp":1740821400,"event":"open","sg_machine_open":false,
            "sg_message_id":"Opn5VsWTQ2K5ku-2sEdsLQ.filterdrecv-5f54b5d587-1-67C2D0F0-4.0"}]
          """);
      clock.advance(Duration.ofHours(3));
      comms.dispatchDue();

      assertThat(comms.deliveries("tenant-a", sent.messageId()))
          .extracting(Delivery::channel, Delivery::state)
          .containsExactly(
              tuple(ChannelType.EMAIL, DeliveryState.READ),
              tuple(ChannelType.SMS, DeliveryState.CANCELLED));
      assertThat(sms.sent()).isEmpty();
    }
  }

  @Test
  void a_signed_mailgun_permanent_failure_fails_the_email_and_the_fallback_sms_is_sent() {
    mailgun.answer(
        200, "{\"id\":\"<20250301090000.1.F00D@mg.shop.example>\",\"message\":\"Queued.\"}");
    MailgunWebhooks mailgunEvents =
        MailgunWebhooks.builder().signingKey(MAILGUN_KEY).clock(clock).build();
    try (Communication comms =
        Communication.builder()
            .stores(stores)
            .clock(clock)
            .workers(0)
            .adapter(
                EmailAdapters.mailgun(
                    MailgunConfig.builder()
                        .apiKey("mg-api-key")
                        .domain("mg.shop.example")
                        .from("no-reply@mg.shop.example")
                        .http(
                            HttpSettings.builder()
                                .baseUrl(mailgun.baseUrl())
                                .requestTimeout(Duration.ofSeconds(5))
                                .build())
                        .build()))
            .adapter(sms)
            .policy(
                DeliveryPolicy.builder()
                    .channels(ChannelType.EMAIL)
                    .fallback(ChannelType.EMAIL, ChannelType.SMS)
                    .build())
            .build()) {
      Receipt sent = sendEmail(comms, "k-mailgun");

      clock.advance(Duration.ofMinutes(1));
      String timestamp = Long.toString(clock.instant().getEpochSecond());
      String token = "a8ce0edb2dd8301dee6c2405235584e45aa91d1e9f979f3de0";
      String body =
          MailgunWebhooksTest.body(
              MailgunWebhooksTest.signature(
                  timestamp, token, MailgunWebhooksTest.hmac(MAILGUN_KEY, timestamp, token)),
              "{\"event\":\"failed\",\"severity\":\"permanent\",\"reason\":\"bounce\","
                  + "\"message\":{\"headers\":{\"message-id\":\"20250301090000.1.F00D@mg.shop.example\"}},"
                  + "\"delivery-status\":{\"code\":550,\"message\":\"5.1.1 No such user\"}}");
      EmailEvent event = mailgunEvents.verifyAndParse(body);
      comms.trackByProviderId(
          "tenant-a",
          event.providerMessageId(),
          event.deliveryEvent().orElseThrow(),
          event.detail());
      comms.dispatchDue();

      List<Delivery> deliveries = comms.deliveries("tenant-a", sent.messageId());
      assertThat(deliveries)
          .extracting(Delivery::channel, Delivery::state)
          .containsExactly(
              tuple(ChannelType.EMAIL, DeliveryState.FAILED),
              tuple(ChannelType.SMS, DeliveryState.SENT));
      assertThat(deliveries.get(0).lastError()).endsWith("mailgun failed 550: 5.1.1 No such user");
      assertThat(sms.sent()).hasSize(1);
    }
  }
}
