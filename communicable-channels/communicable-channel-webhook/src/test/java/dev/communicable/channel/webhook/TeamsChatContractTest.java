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

/** The chat adapter in its Teams shape passes the adapter contract against a local server. */
@Tag("integration")
class TeamsChatContractTest extends ChannelAdapterContract {
  private final ProviderStub teams;

  TeamsChatContractTest() {
    teams = ProviderStub.start().answerAlways(Answer.of(202, ""));
  }

  @AfterEach
  void stopServer() {
    teams.close();
  }

  @Override
  protected ChannelAdapter adapter() {
    return WebhookAdapters.chat(
        ChatConfig.builder()
            .kind(ChatKind.TEAMS)
            .egress(EgressRules.builder().allow("127.0.0.1").allowPlainHttp(true).build())
            .build());
  }

  @Override
  protected OutboundMessage validMessage() {
    return message(
        ChannelType.CHAT,
        teams.url("/workflows/contract/triggers/manual/paths/invoke"),
        Content.builder().title("Invoice paid").text("42.00 EUR").build());
  }

  @Override
  protected OutboundMessage messageWithInvalidAddress() {
    return message(
        ChannelType.CHAT,
        "https://169.254.169.254/workflows/contract/triggers/manual/paths/invoke",
        Content.text("x"));
  }

  @Override
  protected int providerCalls() {
    return teams.requests().size();
  }
}
