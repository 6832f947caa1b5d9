package dev.communicable.testkit.example;

import dev.communicable.Content;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.testkit.ChannelAdapterContract;
import dev.communicable.testkit.http.ProviderStub;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;

// The example in ChannelAdapterContract's Javadoc, kept here word for word so that it compiles
// and passes: change both together.
class NtfyAdapterContractTest extends ChannelAdapterContract {
  private final ProviderStub ntfy = ProviderStub.start().answerAlways(200, "");

  @AfterEach
  void stopStub() {
    ntfy.close();
  }

  @Override
  protected ChannelAdapter adapter() {
    return new NtfyAdapter(URI.create(ntfy.baseUrl()));
  }

  @Override
  protected OutboundMessage validMessage() {
    return message(ChannelType.of("ntfy"), "deploys", Content.text("v1.2 is live"));
  }

  @Override
  protected OutboundMessage messageWithInvalidAddress() {
    return message(ChannelType.of("ntfy"), "not a topic!", Content.text("v1.2 is live"));
  }

  @Override
  protected int providerCalls() {
    return ntfy.requestCount();
  }
}
