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
class TwilioAdapterContractTest extends ChannelAdapterContract {
  private final ProviderStub twilio;

  TwilioAdapterContractTest() {
    twilio = ProviderStub.start().answerAlways(201, "{\"sid\":\"SM0001\",\"status\":\"queued\"}");
  }

  @AfterEach
  void stopServer() {
    twilio.close();
  }

  @Override
  protected ChannelAdapter adapter() {
    return SmsAdapters.twilio(
        TwilioConfig.builder()
            .accountSid("AC0123456789abcdef0123456789abcdef")
            .authToken("token")
            .from("+14155552671")
            .http(HttpSettings.builder().baseUrl(twilio.baseUrl()).build())
            .build());
  }

  @Override
  protected OutboundMessage validMessage() {
    return message(ChannelType.SMS, "+14155550123", Content.text("Your code is 123456"));
  }

  @Override
  protected OutboundMessage messageWithInvalidAddress() {
    return message(ChannelType.SMS, "555-CALL-NOW", Content.text("hi"));
  }

  @Override
  protected int providerCalls() {
    return twilio.requests().size();
  }
}
