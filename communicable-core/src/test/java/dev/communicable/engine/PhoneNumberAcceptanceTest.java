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
import dev.communicable.channel.SendResult;
import dev.communicable.delivery.Delivery;
import dev.communicable.policy.DeliveryPolicy;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

@DisplayName("A phone contact point is accepted as people write it and stored in E.164")
class PhoneNumberAcceptanceTest {

  @ParameterizedTest(name = "''{0}'' is stored and sent as {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "+44 7400 123456|+447400123456",
        "+1 (555) 010-0100|+15550100100",
        "+33 6.12.34.56.78|+33612345678",
        " +14155550101 |+14155550101"
      })
  void writtenFormsAreNormalisedAtAcceptance(String written, String e164) {
    DeliveryPolicy policy =
        DeliveryPolicy.builder().fallback(ChannelType.EMAIL, ChannelType.SMS).build();
    try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
      f.email.failNext(1, SendResult.permanent("smtp", "rejected", "550 mailbox unavailable"));
      Receipt receipt =
          f.comms.send(
              Notification.event("hello")
                  .to(user("bob", "bob@example.com", written))
                  .content(Content.text("Hi")));

      f.comms.dispatchDue(); // email fails, the SMS fallback is planned from the stored recipient
      f.comms.dispatchDue();

      Delivery sms = f.only(receipt, ChannelType.SMS);
      assertThat(sms.route().address()).isEqualTo(e164);
      assertThat(f.sms.sent()).extracting(OutboundMessage::address).containsExactly(e164);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"555-1234", "+1 555 01", "+0 7400 123456", "+44 7400 12345a", "+44/7400"})
  void what_is_not_then_e164_is_refused_naming_the_field(String written) {
    try (EngineFixture f = new EngineFixture()) {
      assertThatThrownBy(
              () ->
                  f.comms.send(
                      Notification.event("hello")
                          .to(user("bob", null, written))
                          .channels(ChannelType.SMS)
                          .content(Content.text("Hi"))))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageStartingWith("recipients[0].contactPoints.sms: not an E.164 phone number")
          .hasMessageContaining("was '" + written + "'");
      assertThat(f.nothingStored()).isTrue();
    }
  }
}
