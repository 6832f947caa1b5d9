package dev.communicable.engine;

import static dev.communicable.engine.EngineFixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("An email contact point may carry a display name")
class EmailMailboxAcceptanceTest {

  @Test
  @DisplayName("'Name <address>' is accepted and given to the adapter as written")
  void a_mailbox_is_accepted_and_sent_as_written() {
    try (EngineFixture f = new EngineFixture()) {
      Receipt receipt =
          f.comms.send(
              Notification.event("hello")
                  .to(user("ada", "Ada Lovelace <ada@example.com>", null))
                  .content(Content.text("Hi")));
      f.comms.dispatchDue();

      assertThat(f.only(receipt, ChannelType.EMAIL).route().address())
          .isEqualTo("Ada Lovelace <ada@example.com>");
      assertThat(f.email.sent())
          .extracting(OutboundMessage::address)
          .containsExactly("Ada Lovelace <ada@example.com>");
    }
  }

  @Test
  @DisplayName("a display name with an unquoted comma is refused naming the field")
  void an_unquoted_comma_is_refused() {
    try (EngineFixture f = new EngineFixture()) {
      assertThatThrownBy(
              () ->
                  f.comms.send(
                      Notification.event("hello")
                          .to(user("ada", "Lovelace, Ada <ada@example.com>", null))
                          .content(Content.text("Hi"))))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("recipients[0].contactPoints.email: not a valid mailbox");
      assertThat(f.nothingStored()).isTrue();
    }
  }
}
