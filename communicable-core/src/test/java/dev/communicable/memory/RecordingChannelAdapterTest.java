package dev.communicable.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.MessageId;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.delivery.DeliveryId;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecordingChannelAdapterTest {
  private final RecordingChannelAdapter sms =
      new RecordingChannelAdapter(ChannelType.SMS, "fake-sms");

  private static OutboundMessage to(String address) {
    return OutboundMessage.builder()
        .deliveryId(new DeliveryId(UUID.randomUUID()))
        .messageId(new MessageId(UUID.randomUUID()))
        .tenantId("acme")
        .channel(ChannelType.SMS)
        .recipientId("user-1")
        .address(address)
        .locale(Locale.ENGLISH)
        .content(Content.text("hi"))
        .idempotencyKey("key")
        .topic("billing")
        .build();
  }

  @Test
  void accepts_with_distinct_provider_ids_and_records_in_order() {
    SendResult a = sms.send(to("+1"));
    SendResult b = sms.send(to("+2"));
    assertThat(a).isInstanceOf(SendResult.Accepted.class);
    assertThat(((SendResult.Accepted) a).providerMessageId())
        .isNotEqualTo(((SendResult.Accepted) b).providerMessageId());
    assertThat(sms.sent()).extracting(OutboundMessage::address).containsExactly("+1", "+2");
    assertThat(sms.sentTo("+2")).hasSize(1);
  }

  @Test
  void scripted_outcomes_come_first_in_order_then_the_responder() {
    RuntimeException boom = new IllegalStateException("down");
    sms.failNext(2, SendResult.retryable("fake-sms", "503")).throwNext(boom);
    assertThat(sms.send(to("+1"))).isInstanceOf(SendResult.Retryable.class);
    assertThat(sms.send(to("+1"))).isInstanceOf(SendResult.Retryable.class);
    assertThatThrownBy(() -> sms.send(to("+1"))).isSameAs(boom);
    assertThat(sms.send(to("+1")).isAccepted()).isTrue();
    sms.respondWith(m -> SendResult.permanent("fake-sms", "21211", "bad number " + m.address()));
    assertThat(sms.send(to("+9")))
        .isEqualTo(SendResult.permanent("fake-sms", "21211", "bad number +9"));
    assertThat(sms.sent()).hasSize(5);
  }

  @Test
  void an_address_rule_refuses_without_recording() {
    sms.acceptAddresses(a -> a.startsWith("+"));
    assertThat(sms.send(to("555"))).isInstanceOf(SendResult.Permanent.class);
    assertThat(sms.sent()).isEmpty();
    assertThatThrownBy(() -> sms.validateAddress("555"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("address:");
  }

  @Test
  void keeps_only_the_newest_messages_up_to_its_capacity_and_clear_forgets() {
    RecordingChannelAdapter small = new RecordingChannelAdapter(ChannelType.SMS, "fake", 2);
    small.send(to("+1"));
    small.send(to("+2"));
    small.send(to("+3"));
    assertThat(small.sent()).extracting(OutboundMessage::address).containsExactly("+2", "+3");
    small.failNext(1, SendResult.retryable("fake", "x"));
    small.clear();
    assertThat(small.sent()).isEmpty();
    assertThat(small.send(to("+4")).isAccepted()).isTrue();
  }
}
