package dev.communicable.channel.sms;

import dev.communicable.Content;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.testkit.ChannelAdapterContract;
import dev.communicable.testkit.http.ProviderStub;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

@Tag("integration")
class VonageAdapterContractTest extends ChannelAdapterContract {
  private final ProviderStub vonage;

  VonageAdapterContractTest() {
    vonage =
        ProviderStub.start()
            .answerAlways(
                200,
                "{\"message-count\":\"1\",\"messages\":[{\"to\":\"14155550123\","
                    + "\"message-id\":\"0C000000217B7F02\",\"status\":\"0\"}]}");
  }

  @AfterEach
  void stopServer() {
    vonage.close();
  }

  @Override
  protected ChannelAdapter adapter() {
    return SmsAdapters.vonage(
        VonageConfig.builder()
            .apiKey("key")
            .apiSecret("secret")
            .from("AcmeShop")
            .http(HttpSettings.builder().baseUrl(vonage.baseUrl()).build())
            .build());
  }

  @Override
  protected OutboundMessage validMessage() {
    return message(ChannelType.SMS, "+14155550123", Content.text("Your code is 123456"));
  }

  @Override
  protected OutboundMessage messageWithInvalidAddress() {
    return message(ChannelType.SMS, "+1 555", Content.text("hi"));
  }

  @Override
  protected int providerCalls() {
    return vonage.requests().size();
  }
}
