package dev.communicable.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Content;
import dev.communicable.Notification;
import dev.communicable.Priority;
import dev.communicable.Receipt;
import dev.communicable.channel.ChannelType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A reused idempotency key returns the first receipt and says if the content differed")
class IdempotentContentTest {

  private static Notification.Builder invoice() {
    return Notification.event("invoice.paid")
        .to(EngineFixture.alice())
        .content(Content.builder().subject("Paid").text("Invoice {{n}} paid").build())
        .data("n", "A-1")
        .data("items", List.of(Map.of("sku", "x", "qty", 2)))
        .channels(ChannelType.EMAIL)
        .idempotencyKey("invoice-A-1");
  }

  @Test
  void the_same_notification_again_is_a_duplicate_with_the_same_content() {
    try (EngineFixture f = new EngineFixture()) {
      Receipt first = f.comms.send(invoice());
      f.clock.advance(java.time.Duration.ofMinutes(1));

      Receipt again = f.comms.send(invoice());

      assertThat(first.duplicate()).isFalse();
      assertThat(first.contentDiffered()).isFalse();
      assertThat(again.duplicate()).isTrue();
      assertThat(again.contentDiffered()).isFalse();
      assertThat(again.messageId()).isEqualTo(first.messageId());
    }
  }

  @Test
  void other_content_under_the_same_key_returns_the_first_receipt_and_says_it_differed() {
    try (EngineFixture f = new EngineFixture()) {
      Receipt first = f.comms.send(invoice());

      List<Receipt> again =
          List.of(
              f.comms.send(invoice().data("n", "A-2")),
              f.comms.send(invoice().priority(Priority.HIGH)),
              f.comms.send(invoice().metadata("replyTo", "x@example.com")),
              f.comms.send(
                  invoice().content(Content.builder().subject("Paid!").text("{{n}}").build())));

      assertThat(again).extracting(Receipt::messageId).containsOnly(first.messageId());
      assertThat(again).extracting(Receipt::duplicate).containsOnly(true);
      assertThat(again).extracting(Receipt::contentDiffered).containsOnly(true);
      f.comms.dispatchDue();
      assertThat(f.email.sent()).hasSize(1);
    }
  }
}
