package dev.communicable.channel.push;

import dev.communicable.Content;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.memory.SettableClock;
import dev.communicable.testkit.ChannelAdapterContract;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

/** The adapter contract with FCM as the platform; the provider calls counted are message sends. */
@Tag("integration")
class FcmContractTest extends ChannelAdapterContract {
  private static final String TOKEN = "cQ9xFakeRegistrationToken:APA91bE_" + "k".repeat(120);

  private final SettableClock clock = SettableClock.of(Instant.parse("2030-01-01T10:00:00Z"));
  private final FakeFcm fcm = start(clock);

  private static FakeFcm start(SettableClock clock) {
    try {
      return new FakeFcm(clock);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @AfterEach
  void stopFcm() {
    fcm.close();
  }

  @Override
  protected ChannelAdapter adapter() {
    return PushAdapters.builder()
        .fcm(
            FcmConfig.builder()
                .serviceAccountJson(fcm.serviceAccountJson())
                .apiBaseUri(fcm.baseUri())
                .build())
        .http(HttpSettings.builder().clock(clock).build())
        .build();
  }

  @Override
  protected OutboundMessage validMessage() {
    return message(
        ChannelType.PUSH, "fcm:" + TOKEN, Content.builder().title("Paid").text("Thanks").build());
  }

  @Override
  protected OutboundMessage messageWithInvalidAddress() {
    return message(ChannelType.PUSH, "fcm:not a token", Content.text("hi"));
  }

  @Override
  protected int providerCalls() {
    return fcm.sendRequests.get();
  }
}
