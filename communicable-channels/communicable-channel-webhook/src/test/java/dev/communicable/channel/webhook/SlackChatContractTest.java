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

/**
 * The chat adapter in its Slack shape passes the adapter contract against a local server, with the
 * shape picked per URL (the server's host mapped to Slack): the adapter is {@code "chat"} and its
 * results name {@code "slack"}, one of its declared {@code providers()}.
 */
@Tag("integration")
class SlackChatContractTest extends ChannelAdapterContract {
  private final ProviderStub slack;

  SlackChatContractTest() {
    slack = ProviderStub.start().answerAlways(Answer.of(200, "ok"));
  }

  @AfterEach
  void stopServer() {
    slack.close();
  }

  @Override
  protected ChannelAdapter adapter() {
    return WebhookAdapters.chat(
        ChatConfig.builder()
            .host("127.0.0.1", ChatKind.SLACK)
            .egress(EgressRules.builder().allow("127.0.0.1").allowPlainHttp(true).build())
            .build());
  }

  @Override
  protected OutboundMessage validMessage() {
    return message(
        ChannelType.CHAT,
        slack.url("/services/T000/B000/contract"),
        Content.builder().title("Invoice paid").text("42.00 EUR").build());
  }

  @Override
  protected OutboundMessage messageWithInvalidAddress() {
    return message(
        ChannelType.CHAT, "https://169.254.169.254/services/T000/B000/contract", Content.text("x"));
  }

  @Override
  protected int providerCalls() {
    return slack.requests().size();
  }
}
