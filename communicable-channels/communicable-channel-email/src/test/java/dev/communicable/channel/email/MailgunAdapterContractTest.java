package dev.communicable.channel.email;

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
class MailgunAdapterContractTest extends ChannelAdapterContract {
  private final ProviderStub mailgun;

  MailgunAdapterContractTest() {
    mailgun =
        ProviderStub.start()
            .answerAlways(200, "{\"id\":\"<1@mg.shop.example>\",\"message\":\"Queued\"}");
  }

  @AfterEach
  void stopServer() {
    mailgun.close();
  }

  @Override
  protected ChannelAdapter adapter() {
    return EmailAdapters.mailgun(
        MailgunConfig.builder()
            .apiKey("key-contract")
            .domain("mg.shop.example")
            .from("no-reply@mg.shop.example")
            .http(HttpSettings.builder().baseUrl(mailgun.baseUrl()).build())
            .build());
  }

  @Override
  protected OutboundMessage validMessage() {
    return message(
        ChannelType.EMAIL,
        "ada@example.com",
        Content.builder().subject("Hello").html("<p>Hi Ada</p>").build());
  }

  @Override
  protected OutboundMessage messageWithInvalidAddress() {
    return message(ChannelType.EMAIL, "ada@", Content.builder().subject("Hi").text("Hi").build());
  }

  @Override
  protected int providerCalls() {
    return mailgun.requests().size();
  }
}
