package dev.communicable.channel.email;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.communicable.Content;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.support.HttpSettings;
import dev.communicable.testkit.ChannelAdapterContract;
import dev.communicable.testkit.http.ProviderStub;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;

@Tag("integration")
class SendGridAdapterContractTest extends ChannelAdapterContract {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ProviderStub sendGrid;

  SendGridAdapterContractTest() {
    sendGrid = ProviderStub.start().answerAlways(202, "");
  }

  @AfterEach
  void stopServer() {
    sendGrid.close();
  }

  @Override
  protected ChannelAdapter adapter() {
    return EmailAdapters.sendGrid(
        SendGridConfig.builder()
            .apiKey("SG.contract")
            .from("no-reply@shop.example")
            .http(HttpSettings.builder().baseUrl(sendGrid.baseUrl()).build())
            .build());
  }

  @Override
  protected OutboundMessage validMessage() {
    return message(
        ChannelType.EMAIL,
        "ada@example.com",
        Content.builder().subject("Hello").text("Hi Ada").build());
  }

  @Override
  protected OutboundMessage messageWithInvalidAddress() {
    return message(
        ChannelType.EMAIL, "ada.example.com", Content.builder().subject("Hi").text("Hi").build());
  }

  @Override
  protected int providerCalls() {
    return sendGrid.requests().size();
  }

  /** SendGrid has no de-duplication key; the adapter passes it in custom_args for tracing. */
  @Override
  protected Optional<List<String>> idempotencyKeysReceived() {
    return Optional.of(
        sendGrid.requests().stream()
            .map(
                r -> {
                  try {
                    return JSON.readTree(r.body())
                        .path("custom_args")
                        .path("communicable_idempotency_key")
                        .asText();
                  } catch (IOException e) {
                    throw new UncheckedIOException(e);
                  }
                })
            .toList());
  }
}
