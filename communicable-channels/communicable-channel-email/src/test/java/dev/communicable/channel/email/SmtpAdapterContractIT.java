package dev.communicable.channel.email;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.communicable.Content;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.testkit.ChannelAdapterContract;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

@Tag("integration")
class SmtpAdapterContractIT extends ChannelAdapterContract {
  private final GreenMail greenMail = new GreenMail(ServerSetupTest.SMTP.dynamicPort());

  SmtpAdapterContractIT() {
    greenMail.start();
  }

  @AfterEach
  void stopServer() {
    greenMail.stop();
  }

  @Override
  protected ChannelAdapter adapter() {
    return EmailAdapters.smtp(
        SmtpConfig.builder()
            .host("127.0.0.1")
            .port(greenMail.getSmtp().getPort())
            .security(SmtpConfig.Security.NONE)
            .from("no-reply@shop.example")
            .build());
  }

  @Override
  protected OutboundMessage validMessage() {
    return message(
        ChannelType.EMAIL,
        "ada@example.com",
        Content.builder().subject("Hello").text("Hi Ada").html("<p>Hi Ada</p>").build());
  }

  @Override
  protected OutboundMessage messageWithInvalidAddress() {
    return message(ChannelType.EMAIL, "ada@@example", Content.builder().text("Hi").build());
  }

  @Override
  protected int providerCalls() {
    return greenMail.getReceivedMessages().length;
  }
}
