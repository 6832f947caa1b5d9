package dev.communicable.channel.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.Communicable;
import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.device.Device;
import dev.communicable.memory.InMemoryStores;
import dev.communicable.memory.SettableClock;
import dev.communicable.spi.Stores;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The push adapter inside the engine: device registration, fan-out, dead-token deactivation. */
@Tag("integration")
class PushThroughCommunicationTest {
  private static final String LIVE = "liveToken_" + "L".repeat(140);
  private static final String DEAD = "deadToken_" + "D".repeat(140);

  private final SettableClock clock = SettableClock.of(Instant.parse("2030-01-01T10:00:00Z"));
  private final Stores stores = InMemoryStores.create();
  private FakeFcm fcm;
  private Communication comms;

  record User(String communicableId, String tenantId) implements Communicable {
    @Override
    public Map<ChannelType, String> contactPoints() {
      return Map.of();
    }
  }

  @BeforeEach
  void start() throws Exception {
    fcm = new FakeFcm(clock);
    comms =
        Communication.builder()
            .stores(stores)
            .adapter(
                PushAdapters.builder()
                    .fcm(
                        FcmConfig.builder()
                            .serviceAccountJson(fcm.serviceAccountJson())
                            .apiBaseUri(fcm.baseUri())
                            .build())
                    .http(HttpSettings.builder().clock(clock).build())
                    .build())
            .clock(clock)
            .workers(0)
            .build();
  }

  @AfterEach
  void stop() {
    comms.close();
    fcm.close();
  }

  private Notification shipped(User user, String key) {
    return Notification.event("order.shipped")
        .to(user)
        .channels(ChannelType.PUSH)
        .content(Content.builder().title("Shipped").text("Your order is on its way").build())
        .idempotencyKey(key)
        .build();
  }

  private long sendsTo(String token) {
    return fcm.messages.stream()
        .filter(m -> token.equals(m.path("message").path("token").asText()))
        .count();
  }

  @Test
  @DisplayName("the attempt records which service sent it: fcm, not the adapter's name push")
  void attempt_records_the_service() {
    comms.devices().register("acme", "u1", "fcm", LIVE);

    Receipt receipt = comms.send(shipped(new User("u1", "acme"), "order-0"));
    comms.dispatchDue();

    assertThat(receipt.deliveryIds()).hasSize(1);
    assertThat(stores.deliveries().attempts("acme", receipt.deliveryIds().get(0)))
        .extracting(DeliveryAttempt::provider)
        .containsExactly("fcm");
  }

  @Test
  @DisplayName("a token FCM reports unregistered is deactivated and never used again")
  void dead_token_is_deactivated_and_not_used_again() {
    User user = new User("u1", "acme");
    comms.devices().register("acme", "u1", "fcm", LIVE);
    comms.devices().register("acme", "u1", "fcm", DEAD);
    fcm.replyTo(
        DEAD,
        404,
        FakeFcm.error(404, "NOT_FOUND", "UNREGISTERED", "Requested entity was not found."),
        Map.of());

    comms.send(shipped(user, "order-1"));
    comms.dispatchDue();

    assertThat(sendsTo(LIVE)).isEqualTo(1);
    assertThat(sendsTo(DEAD)).isEqualTo(1);
    assertThat(comms.devices().active("acme", "u1"))
        .extracting(Device::token)
        .containsExactly(LIVE);

    comms.send(shipped(user, "order-2"));
    comms.dispatchDue();

    assertThat(sendsTo(LIVE)).isEqualTo(2);
    assertThat(sendsTo(DEAD)).isEqualTo(1);
    assertThat(fcm.problems()).isEmpty();
  }

  @Test
  @DisplayName("registering a token of the wrong shape is refused by the push adapter's check")
  void malformed_token_is_refused_at_registration() {
    assertThatThrownBy(() -> comms.devices().register("acme", "u1", "apns", "not-a-device-token"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("token")
        .hasMessageContaining("64 hexadecimal characters");
    assertThatThrownBy(
            () ->
                comms
                    .devices()
                    .register("acme", "u1", "webpush", "{\"endpoint\":\"http://push.example/x\"}"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("https");
    assertThat(comms.devices().active("acme", "u1")).isEmpty();
  }
}
