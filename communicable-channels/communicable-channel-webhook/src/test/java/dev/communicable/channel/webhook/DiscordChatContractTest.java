package dev.communicable.channel.webhook;

import dev.communicable.Content;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.testkit.ChannelAdapterContract;
import dev.communicable.testkit.http.ProviderStub;
import dev.communicable.testkit.http.ProviderStub.Answer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

/** The chat adapter in its Discord shape passes the adapter contract against a local server. */
@Tag("integration")
class DiscordChatContractTest extends ChannelAdapterContract {
  private final ProviderStub discord;

  DiscordChatContractTest() {
    discord = ProviderStub.start().answerAlways(Answer.of(200, "{\"id\":\"42\"}"));
  }

  @AfterEach
  void stopServer() {
    discord.close();
  }

  @Override
  protected ChannelAdapter adapter() {
    return WebhookAdapters.chat(
        ChatConfig.builder()
            .kind(ChatKind.DISCORD)
            .egress(EgressRules.builder().allow("127.0.0.1").allowPlainHttp(true).build())
            .build());
  }

  @Override
  protected OutboundMessage validMessage() {
    return message(
        ChannelType.CHAT,
        discord.url("/api/webhooks/1/contract"),
        Content.builder().title("Invoice paid").text("42.00 EUR").build());
  }

  @Override
  protected OutboundMessage messageWithInvalidAddress() {
    return message(
        ChannelType.CHAT, "https://169.254.169.254/api/webhooks/1/contract", Content.text("x"));
  }

  @Override
  protected int providerCalls() {
    return discord.requests().size();
  }
}
