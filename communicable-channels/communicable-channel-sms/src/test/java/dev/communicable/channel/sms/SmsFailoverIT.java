package dev.communicable.channel.sms;

import static org.assertj.core.api.Assertions.assertThat;

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
@DisplayName("Provider failover on the SMS channel: Twilio first, then Vonage; receipts tracked")
class SmsFailoverIT {
  private static final String TWILIO_TOKEN = "twilio-token";

  record User(String communicableId, String tenantId) implements Communicable {
    @Override
    public Map<ChannelType, String> contactPoints() {
      return Map.of(ChannelType.SMS, "+14155550123");
    }
  }

  private final InMemoryStores stores = InMemoryStores.create();
  private ProviderStub twilio;
  private ProviderStub vonage;
  private Communication comms;

  @BeforeEach
  void start() throws Exception {
    twilio = ProviderStub.start();
    vonage = ProviderStub.start();
    comms =
        Communication.builder()
            .stores(stores)
            .adapter(
                SmsAdapters.twilio(
                    TwilioConfig.builder()
                        .accountSid("AC0123456789abcdef0123456789abcdef")
                        .authToken(TWILIO_TOKEN)
                        .from("+14155552671")
                        .http(
                            HttpSettings.builder()
                                .baseUrl(twilio.baseUrl())
                                .requestTimeout(Duration.ofSeconds(2))
                                .build())
                        .build()))
            .adapter(
                SmsAdapters.vonage(
                    VonageConfig.builder()
                        .apiKey("key")
                        .apiSecret("secret")
                        .from("AcmeShop")
                        .http(HttpSettings.builder().baseUrl(vonage.baseUrl()).build())
                        .build()))
            .workers(0)
            .build();
  }

  @AfterEach
  void stop() {
    comms.close();
    twilio.close();
    vonage.close();
  }

  private Delivery sendOne(String key) {
    Receipt receipt =
        comms.send(
            Notification.event("login.code")
                .to(new User("user-1", "tenant-a"))
                .channels(ChannelType.SMS)
                .content(Content.text("Your code is 123456"))
                .idempotencyKey(key)
                .build());
    comms.dispatchDue();
    List<Delivery> deliveries = comms.deliveries(receipt.tenantId(), receipt.messageId());
    assertThat(deliveries).hasSize(1);
    return deliveries.get(0);
  }

  @Test
  void twilio_rate_limiting_moves_the_attempt_to_vonage_and_its_receipt_marks_delivery() {
    twilio.answer(429, "{\"code\":20429,\"message\":\"Too Many Requests\",\"status\":429}");
    vonage.answer(
        200,
        "{\"message-count\":\"1\",\"messages\":[{\"to\":\"14155550123\","
            + "\"message-id\":\"0C000000217B7F02\",\"status\":\"0\"}]}");

    Delivery sent = sendOne("k-1");

    assertThat(sent.state()).isEqualTo(DeliveryState.SENT);
    assertThat(stores.deliveries().attempts(sent.tenantId(), sent.id()))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.provider()).isEqualTo("vonage");
              assertThat(a.providerMessageId()).isEqualTo("0C000000217B7F02");
            });
    assertThat(twilio.requests()).hasSize(1);
    assertThat(vonage.requests()).hasSize(1);

    SmsDeliveryReceipt receipt =
        VonageDeliveryReceipts.parse(
            Map.of("messageId", "0C000000217B7F02", "status", "delivered", "err-code", "0"));
    Delivery delivered =
        comms.trackByProviderId(
            "tenant-a", receipt.providerMessageId(), receipt.deliveryEvent().orElseThrow());

    assertThat(delivered.id()).isEqualTo(sent.id());
    assertThat(delivered.state()).isEqualTo(DeliveryState.DELIVERED);
  }

  @Test
  void a_signed_twilio_callback_marks_a_twilio_delivery_delivered() {
    twilio.answer(201, "{\"sid\":\"SM42\",\"status\":\"queued\"}");
    Delivery sent = sendOne("k-2");
    assertThat(vonage.requests()).isEmpty();

    String url = "https://app.example/hooks/twilio/status";
    Map<String, String> form = Map.of("MessageSid", "SM42", "MessageStatus", "delivered");
    TwilioStatusCallbacks callbacks = new TwilioStatusCallbacks(TWILIO_TOKEN);
    SmsDeliveryReceipt receipt = callbacks.verifyAndParse(url, form, callbacks.sign(url, form));
    Delivery delivered =
        comms.trackByProviderId(
            "tenant-a", receipt.providerMessageId(), receipt.deliveryEvent().orElseThrow());

    assertThat(delivered.id()).isEqualTo(sent.id());
    assertThat(delivered.state()).isEqualTo(DeliveryState.DELIVERED);
    assertThat(stores.deliveries().attempts(sent.tenantId(), sent.id()))
        .extracting(DeliveryAttempt::provider)
        .containsExactly("twilio");
  }
}
