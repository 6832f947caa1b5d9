package dev.communicable.testkit;

import dev.communicable.Content;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.memory.RecordingChannelAdapter;
import java.util.List;
import java.util.Optional;

/** The recording adapter stands in for its own provider: what it records is what was "sent". */
class RecordingChannelAdapterContractTest extends ChannelAdapterContract {
  private RecordingChannelAdapter recording;

  @Override
  protected ChannelAdapter adapter() {
    recording =
        new RecordingChannelAdapter(ChannelType.SMS, "fake-sms")
            .acceptAddresses(a -> a.matches("\\+[1-9][0-9]{6,14}"));
    return recording;
  }

  @Override
  protected OutboundMessage validMessage() {
    return message(ChannelType.SMS, "+15551234567", Content.text("Your code is 123456"));
  }

  @Override
  protected OutboundMessage messageWithInvalidAddress() {
    return message(ChannelType.SMS, "555-CALL-NOW", Content.text("hi"));
  }

  @Override
  protected int providerCalls() {
    return recording.sent().size();
  }

  @Override
  protected Optional<List<String>> idempotencyKeysReceived() {
    return Optional.of(recording.sent().stream().map(OutboundMessage::idempotencyKey).toList());
  }
}
