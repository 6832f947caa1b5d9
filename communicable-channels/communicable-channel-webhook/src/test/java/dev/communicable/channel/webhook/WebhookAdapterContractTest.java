package dev.communicable.channel.webhook;

import dev.communicable.Content;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.testkit.ChannelAdapterContract;
import dev.communicable.testkit.http.ProviderStub;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

/** The Standard Webhooks adapter passes the adapter contract against a local receiver. */
@Tag("integration")
class WebhookAdapterContractTest extends ChannelAdapterContract {
  private final ProviderStub receiver;

  WebhookAdapterContractTest() {
    receiver = ProviderStub.start().answerAlways(200, "");
  }

  @AfterEach
  void stopReceiver() {
    receiver.close();
  }

  @Override
  protected ChannelAdapter adapter() {
    return WebhookAdapters.webhook(
        WebhookConfig.builder()
            .secret(WebhookAdapterTest.SECRET)
            .egress(WebhookAdapterTest.loopbackAllowed())
            .build());
  }

  @Override
  protected OutboundMessage validMessage() {
    return message(
        ChannelType.WEBHOOK,
        receiver.url("/hooks/contract"),
        Content.builder().json("{\"event\":\"contract\"}").build());
  }

  @Override
  protected OutboundMessage messageWithInvalidAddress() {
    return message(
        ChannelType.WEBHOOK, "https://169.254.169.254/latest/meta-data", Content.text("x"));
  }

  @Override
  protected int providerCalls() {
    return receiver.requests().size();
  }

  @Override
  protected Optional<List<String>> idempotencyKeysReceived() {
    return Optional.of(
        receiver.requests().stream().map(request -> request.header("webhook-id")).toList());
  }
}
