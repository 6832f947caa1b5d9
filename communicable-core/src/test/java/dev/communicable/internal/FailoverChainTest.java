package dev.communicable.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Content;
import dev.communicable.MessageId;
import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.memory.SettableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The failover chain of a channel")
class FailoverChainTest {
  private static final Instant T0 = Instant.parse("2026-03-02T12:00:00Z");
  private static final OutboundMessage MESSAGE =
      OutboundMessage.builder()
          .deliveryId(new DeliveryId(new UUID(1, 1)))
          .messageId(new MessageId(new UUID(2, 2)))
          .tenantId("acme")
          .channel(ChannelType.SMS)
          .recipientId("ann")
          .address("+15550100")
          .locale(Locale.ENGLISH)
          .content(Content.text("paid"))
          .idempotencyKey("key-1")
          .topic("invoice.paid")
          .build();

  private final SettableClock clock = SettableClock.of(T0);
  private final List<String> called = new ArrayList<>();

  /** An SMS adapter that answers each send with what {@code answer} gives, a second later. */
  private ChannelAdapter adapter(String provider, Supplier<SendResult> answer) {
    return new ChannelAdapter() {
      @Override
      public ChannelType channel() {
        return ChannelType.SMS;
      }

      @Override
      public String provider() {
        return provider;
      }

      @Override
      public SendResult send(OutboundMessage message) {
        called.add(provider);
        clock.advance(Duration.ofSeconds(1));
        return answer.get();
      }
    };
  }

  private ChainResult send(ChannelAdapter... adapters) {
    return new FailoverChain(new ChannelRegistry(List.of(adapters)), clock).send(MESSAGE);
  }

  @Test
  void ends_at_the_first_adapter_that_accepts() {
    ChainResult result =
        send(
            adapter("twilio", () -> SendResult.accepted("twilio", "SM1")),
            adapter("vonage", () -> SendResult.accepted("vonage", "V1")));

    assertThat(result.answer()).isEqualTo(SendResult.accepted("twilio", "SM1"));
    assertThat(result.failures()).isEmpty();
    assertThat(result.earlier()).isEmpty();
    assertThat(called).containsExactly("twilio");
    assertThat(result.started()).isEqualTo(T0);
    assertThat(result.finished()).isEqualTo(T0.plusSeconds(1));
  }

  @Test
  void moves_on_to_the_next_adapter_after_a_retryable_failure() {
    ChainResult result =
        send(
            adapter("twilio", () -> SendResult.retryable("twilio", "429")),
            adapter("vonage", () -> SendResult.accepted("vonage", "V1")));

    assertThat(result.answer()).isEqualTo(SendResult.accepted("vonage", "V1"));
    assertThat(result.failures()).containsExactly("twilio: 429");
    assertThat(result.earlier()).isEqualTo(" (after twilio: 429)");
    assertThat(result.finished()).isEqualTo(T0.plusSeconds(2));
  }

  @Test
  void ends_at_a_permanent_refusal() {
    SendResult.Permanent refused = SendResult.permanent("twilio", "21211", "invalid number");

    ChainResult result =
        send(
            adapter("twilio", () -> refused),
            adapter("vonage", () -> SendResult.accepted("vonage", "V1")));

    assertThat(result.answer()).isEqualTo(refused);
    assertThat(called).containsExactly("twilio");
  }

  @Test
  void
      answers_with_the_last_failure_when_every_adapter_fails_retryably_and_the_longest_wait_asked_for() {
    ChainResult result =
        send(
            adapter("a", () -> SendResult.retryable("a", "busy", Duration.ofSeconds(30))),
            adapter("b", () -> SendResult.retryable("b", "busy", Duration.ofMinutes(2))),
            adapter("c", () -> SendResult.retryable("c", "down")));

    assertThat(result.answer()).isEqualTo(SendResult.retryable("c", "down"));
    assertThat(result.threw()).isFalse();
    assertThat(result.retryAfter()).isEqualTo(Duration.ofMinutes(2));
    assertThat(result.failures()).containsExactly("a: busy", "b: busy", "c: down");
  }

  @Test
  void takes_a_thrown_exception_for_a_retryable_failure_and_moves_on() {
    ChannelAdapter throwing =
        adapter(
            "twilio",
            () -> {
              throw new IllegalStateException("socket closed");
            });

    ChainResult alone = send(throwing);
    assertThat(alone.answer())
        .isEqualTo(SendResult.retryable("twilio", "IllegalStateException: socket closed"));
    assertThat(alone.threw()).isTrue();
    assertThat(alone.retryAfter()).isZero();

    ChainResult thenFailed =
        send(throwing, adapter("vonage", () -> SendResult.retryable("vonage", "503")));
    assertThat(thenFailed.threw())
        .as("only the last adapter's answer says how it failed")
        .isFalse();
    assertThat(thenFailed.failures())
        .containsExactly("twilio: IllegalStateException: socket closed", "vonage: 503");
  }

  @Test
  void takes_a_null_result_for_a_retryable_failure() {
    ChainResult result =
        send(
            adapter("twilio", () -> null),
            adapter("vonage", () -> SendResult.accepted("vonage", null)));

    assertThat(result.answer()).isEqualTo(SendResult.accepted("vonage", null));
    assertThat(result.failures()).containsExactly("twilio: the adapter returned no result");
  }

  @Test
  void tries_nothing_on_a_channel_without_adapters() {
    ChainResult result = send();

    assertThat(result.noAdapter()).isTrue();
    assertThat(result.started()).isEqualTo(T0);
    assertThat(result.finished()).isEqualTo(T0);
  }
}
