package dev.communicable.engine;

import static dev.communicable.engine.EngineFixture.T0;
import static dev.communicable.engine.EngineFixture.TENANT;
import static dev.communicable.engine.EngineFixture.alice;
import static dev.communicable.engine.EngineFixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.Communicable;
import dev.communicable.CommunicationException;
import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.NotFoundException;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.spi.NewMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Sending refuses bad input with a typed exception and stores nothing")
class SendValidationTest {

  private static Notification.Builder hello(Communicable... to) {
    return Notification.event("hello")
        .to(to)
        .content(Content.text("Hello {{name}}"))
        .data("name", "Al");
  }

  /** Asserts that {@code call} fails naming {@code field} and that nothing reached the store. */
  private static void refused(
      EngineFixture f,
      ThrowingCallable call,
      Class<? extends CommunicationException> type,
      String field) {
    assertThatThrownBy(call).isInstanceOf(type).hasMessageContaining(field);
    assertThat(f.nothingStored()).as("nothing stored").isTrue();
    assertThat(f.email.sent()).isEmpty();
  }

  @Test
  void a_null_notification() {
    try (EngineFixture f = new EngineFixture()) {
      refused(
          f,
          () -> f.comms.send((Notification) null),
          InvalidRequestException.class,
          "notification");
    }
  }

  @Test
  void a_blank_event_or_recipient_id() {
    try (EngineFixture f = new EngineFixture()) {
      refused(
          f,
          () -> f.comms.send(Notification.event(" ").to(alice()).content(Content.text("x"))),
          InvalidRequestException.class,
          "event");
      Communicable nameless =
          new Communicable() {
            @Override
            public String communicableId() {
              return null;
            }

            @Override
            public String tenantId() {
              return TENANT;
            }

            @Override
            public Map<ChannelType, String> contactPoints() {
              return Map.of(ChannelType.EMAIL, "x@example.com");
            }
          };
      refused(
          f,
          () -> f.comms.send(hello(nameless)),
          InvalidRequestException.class,
          "recipients[0].id");
    }
  }

  @Test
  void an_unknown_template() {
    try (EngineFixture f = new EngineFixture()) {
      assertThatThrownBy(
              () ->
                  f.comms.send(
                      Notification.event("hello").to(alice()).template("no-such-template")))
          .isInstanceOf(NotFoundException.class)
          .hasMessageContaining("no-such-template")
          .satisfies(e -> assertThat(((NotFoundException) e).kind()).isEqualTo("template"));
      assertThat(f.nothingStored()).isTrue();
    }
  }

  @Test
  void a_template_without_a_variant_for_a_channel_that_could_be_used() {
    DeliveryPolicy policy =
        DeliveryPolicy.builder().fallback(ChannelType.EMAIL, ChannelType.SMS).build();
    try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
      f.publish(
          "welcome", Map.of(ChannelType.EMAIL, Content.builder().subject("Hi").text("Hi").build()));
      refused(
          f,
          () -> f.comms.send(Notification.event("hello").to(alice()).template("welcome")),
          InvalidRequestException.class,
          "has no sms variant");
    }
  }

  @Test
  void data_that_lacks_a_variable_the_content_uses() {
    try (EngineFixture f = new EngineFixture()) {
      refused(
          f,
          () ->
              f.comms.send(
                  Notification.event("hello").to(alice()).content(Content.text("Hi {{who}}"))),
          InvalidRequestException.class,
          "who");
    }
  }

  @Test
  void a_malformed_email_address() {
    try (EngineFixture f = new EngineFixture()) {
      refused(
          f,
          () -> f.comms.send(hello(user("bob", "bob@", null))),
          InvalidRequestException.class,
          "recipients[0].contactPoints.email: not a valid email address, was 'bob@'");
    }
  }

  @Test
  void a_malformed_phone_number_even_on_a_fallback_channel() {
    DeliveryPolicy policy =
        DeliveryPolicy.builder().fallback(ChannelType.EMAIL, ChannelType.SMS).build();
    try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
      refused(
          f,
          () -> f.comms.send(hello(user("bob", "bob@example.com", "555-1234"))),
          InvalidRequestException.class,
          "recipients[0].contactPoints.sms: not an E.164 phone number");
    }
  }

  @Test
  void an_address_its_adapter_refuses() {
    try (EngineFixture f = new EngineFixture()) {
      f.email.acceptAddresses(a -> !a.endsWith("@blocked.example"));
      refused(
          f,
          () -> f.comms.send(hello(user("bob", "bob@blocked.example", null))),
          InvalidRequestException.class,
          "recipients[0].contactPoints.email");
    }
  }

  @Test
  void data_larger_than_the_limit() {
    try (EngineFixture f = new EngineFixture(b -> b.maxDataBytes(1024))) {
      refused(
          f,
          () -> f.comms.send(hello(alice()).data("blob", "x".repeat(1024))),
          InvalidRequestException.class,
          "data: is larger than the limit of 1024 bytes");
      Receipt fits = f.comms.send(hello(alice()).data("blob", "x".repeat(900)));
      assertThat(fits.deliveryIds()).hasSize(1);
    }
  }

  @Test
  void a_recipient_with_no_contact_point_for_any_planned_channel() {
    DeliveryPolicy policy =
        DeliveryPolicy.builder().fallback(ChannelType.EMAIL, ChannelType.SMS).build();
    try (EngineFixture f = new EngineFixture(b -> b.policy(policy))) {
      Recipient unreachable =
          new Recipient(
              "ghost",
              TENANT,
              Map.of(ChannelType.WEBHOOK, "https://example.com/h"),
              Locale.ENGLISH,
              java.time.ZoneOffset.UTC);
      refused(
          f,
          () -> f.comms.send(hello(alice(), unreachable)),
          InvalidRequestException.class,
          "recipients[1]: 'ghost' cannot be reached on any planned channel; tried email (no address), sms (no address)");
    }
  }

  @Test
  void a_channel_without_an_adapter() {
    try (EngineFixture f = new EngineFixture()) {
      Recipient hooked =
          new Recipient(
              "svc",
              TENANT,
              Map.of(ChannelType.WEBHOOK, "https://example.com/h"),
              Locale.ENGLISH,
              java.time.ZoneOffset.UTC);
      refused(
          f,
          () -> f.comms.send(hello(hooked).channels(ChannelType.WEBHOOK)),
          InvalidRequestException.class,
          "no adapter is registered for channel 'webhook'");
    }
  }

  @Test
  void a_send_time_after_the_policys_expiry() {
    try (EngineFixture f =
        new EngineFixture(
            b -> b.policy(DeliveryPolicy.builder().expireAfter(Duration.ofHours(1)).build()))) {
      refused(
          f,
          () -> f.comms.send(hello(alice()).sendAt(T0.plus(Duration.ofHours(2)))),
          InvalidRequestException.class,
          "sendAt");
    }
  }

  @Test
  void send_all_writes_nothing_when_one_notification_is_bad() {
    try (EngineFixture f = new EngineFixture()) {
      List<Notification> batch =
          List.of(hello(alice()).build(), hello(user("bob", "not-an-address", null)).build());
      refused(
          f,
          () -> f.comms.sendAll(batch),
          InvalidRequestException.class,
          "notifications[1].recipients[0].contactPoints.email");
      f.comms.dispatchDue();
      assertThat(f.email.sent()).isEmpty();
    }
  }

  @Test
  void send_all_writes_everything_with_one_enqueue() {
    try (EngineFixture f = new EngineFixture()) {
      List<Notification> batch = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        batch.add(hello(user("u" + i, "u" + i + "@example.com", null)).build());
      }
      List<Receipt> receipts = f.comms.sendAll(batch);

      assertThat(receipts).hasSize(5).allSatisfy(r -> assertThat(r.duplicate()).isFalse());
      assertThat(f.deliveryStore.enqueueCalls)
          .singleElement()
          .satisfies(
              call -> {
                assertThat(call)
                    .extracting(NewMessage::deliveries)
                    .allSatisfy(d -> assertThat(d).hasSize(1));
                assertThat(call).hasSize(5);
              });
      assertThat(f.comms.dispatchDue()).isEqualTo(5);
      assertThat(f.email.sent()).hasSize(5);
    }
  }

  @Test
  void a_closed_communication_refuses_work() {
    EngineFixture f = new EngineFixture();
    f.close();
    assertThatThrownBy(() -> f.comms.send(hello(alice())))
        .isInstanceOf(CommunicationException.class)
        .hasMessageContaining("closed");
    f.close(); // closing twice is harmless
  }
}
