package dev.communicable.engine;

import static dev.communicable.delivery.DeliveryState.CANCELLED;
import static dev.communicable.delivery.DeliveryState.QUEUED;
import static dev.communicable.delivery.DeliveryState.SENT;
import static dev.communicable.delivery.DeliveryState.SUPPRESSED;
import static dev.communicable.engine.EngineFixture.T0;
import static dev.communicable.engine.EngineFixture.TENANT;
import static dev.communicable.engine.EngineFixture.user;
import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Communicable;
import dev.communicable.Content;
import dev.communicable.Notification;
import dev.communicable.Priority;
import dev.communicable.Receipt;
import dev.communicable.Recipient;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.delivery.Contact;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.StateChange;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.policy.Escalation;
import dev.communicable.spi.ContactDirectory;
import dev.communicable.template.Template;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Escalation to another contact")
class EscalationToContactTest {
  private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
  private static final Duration FIFTEEN_MINUTES = Duration.ofMinutes(15);

  private static final DeliveryPolicy SMS_THE_MANAGER =
      DeliveryPolicy.builder()
          .channels(ChannelType.EMAIL)
          .escalate(Escalation.ifUnread(FIFTEEN_MINUTES, ChannelType.SMS).toContact("manager"))
          .build();

  private static final Recipient TECHNICIAN = user("tom", "tom@example.com", "+14155550111");
  private static final Recipient MANAGER =
      new Recipient(
          "marie",
          TENANT,
          Map.of(ChannelType.SMS, "+33 6 12 34 56 78", ChannelType.EMAIL, "marie@example.com"),
          Locale.FRENCH,
          PARIS);

  private final List<String> asked = new ArrayList<>();

  private ContactDirectory directory(Communicable manager) {
    return (tenantId, recipientId, role) -> {
      asked.add(tenantId + "/" + recipientId + "/" + role);
      return recipientId.equals("tom") && role.equals("manager")
          ? Optional.of(manager)
          : Optional.empty();
    };
  }

  private static void publishUrgent(EngineFixture f) {
    Map<Template.Variant, Content> variants = new LinkedHashMap<>();
    variants.put(
        Template.Variant.of(ChannelType.EMAIL),
        Content.builder().subject("Urgent").text("Job {{job}}").build());
    variants.put(Template.Variant.of(ChannelType.SMS), Content.text("Urgent: job {{job}} unread"));
    variants.put(
        new Template.Variant(ChannelType.SMS, Locale.FRENCH),
        Content.text("Urgent : intervention {{job}} non lue"));
    f.comms.templates().publish(TENANT, "urgent-job", variants, "admin");
  }

  private static Notification.Builder urgent() {
    return Notification.event("job.urgent")
        .to(TECHNICIAN)
        .template("urgent-job")
        .data("job", "J-42")
        .priority(Priority.HIGH);
  }

  private static Delivery escalation(EngineFixture f, Receipt receipt) {
    return f.only(receipt, ChannelType.SMS);
  }

  @Test
  void sends_to_the_managers_address_in_their_locale_when_the_technician_has_not_read_in_time() {
    try (EngineFixture f =
        new EngineFixture(b -> b.policy(SMS_THE_MANAGER).contacts(directory(MANAGER)))) {
      publishUrgent(f);
      Receipt receipt = f.comms.send(urgent());
      f.comms.dispatchDue();

      Delivery planned = escalation(f, receipt);
      assertThat(planned.state()).isEqualTo(QUEUED);
      assertThat(planned.scheduledAt()).isEqualTo(T0.plus(FIFTEEN_MINUTES));
      assertThat(planned.contact()).isEqualTo(new Contact("manager", "marie"));
      assertThat(planned.recipientId()).isEqualTo("tom");
      assertThat(planned.route().address()).isEqualTo("+33612345678");
      assertThat(planned.route().locale()).isEqualTo(Locale.FRENCH);
      assertThat(planned.route().timeZone()).isEqualTo(PARIS);
      assertThat(asked).containsExactly(TENANT + "/tom/manager");

      f.clock.advance(FIFTEEN_MINUTES);
      f.comms.dispatchDue();

      assertThat(escalation(f, receipt).state()).isEqualTo(SENT);
      assertThat(f.sms.sent()).hasSize(1);
      OutboundMessage sms = f.sms.sent().get(0);
      assertThat(sms.address()).isEqualTo("+33612345678");
      assertThat(sms.recipientId()).isEqualTo("marie");
      assertThat(sms.content().text()).isEqualTo("Urgent : intervention J-42 non lue");
      assertThat(f.timeline(receipt.messageId()))
          .extracting(StateChange::detail)
          .contains("escalation to the manager 'marie' at +33612345678: email not read in time");
    }
  }

  @Test
  void a_read_of_the_original_before_the_deadline_cancels_it() {
    try (EngineFixture f =
        new EngineFixture(b -> b.policy(SMS_THE_MANAGER).contacts(directory(MANAGER)))) {
      publishUrgent(f);
      Receipt receipt = f.comms.send(urgent());
      f.comms.dispatchDue();

      f.clock.advance(Duration.ofMinutes(10));
      f.comms.trackByProviderId(TENANT, "smtp-1", DeliveryEvent.READ);
      f.clock.advance(Duration.ofMinutes(10));
      f.comms.dispatchDue();

      assertThat(escalation(f, receipt).state()).isEqualTo(CANCELLED);
      assertThat(f.sms.sent()).isEmpty();
    }
  }

  @Test
  void no_contact_in_the_role_is_recorded_as_a_suppressed_escalation_and_the_send_stands() {
    try (EngineFixture f =
        new EngineFixture(b -> b.policy(SMS_THE_MANAGER).contacts(ContactDirectory.none()))) {
      publishUrgent(f);
      Receipt receipt = f.comms.send(urgent());
      f.comms.dispatchDue();

      assertThat(f.only(receipt, ChannelType.EMAIL).state()).isEqualTo(SENT);
      Delivery suppressed = escalation(f, receipt);
      assertThat(suppressed.state()).isEqualTo(SUPPRESSED);
      assertThat(suppressed.lastError())
          .isEqualTo("escalation not sent: no manager of 'tom' to escalate to on sms");
      assertThat(f.timeline(receipt.messageId()))
          .extracting(StateChange::detail)
          .contains("escalation not sent: no manager of 'tom' to escalate to on sms");
      f.clock.advance(FIFTEEN_MINUTES);
      f.comms.dispatchDue();
      assertThat(f.sms.sent()).isEmpty();
    }
  }

  @Test
  void a_directory_that_throws_leaves_the_escalation_suppressed_and_the_send_stands() {
    ContactDirectory broken =
        (tenantId, recipientId, role) -> {
          throw new IllegalStateException("directory down");
        };
    try (EngineFixture f = new EngineFixture(b -> b.policy(SMS_THE_MANAGER).contacts(broken))) {
      publishUrgent(f);
      Receipt receipt = f.comms.send(urgent());
      f.comms.dispatchDue();

      assertThat(f.only(receipt, ChannelType.EMAIL).state()).isEqualTo(SENT);
      assertThat(f.email.sent()).hasSize(1);
      assertThat(escalation(f, receipt).state()).isEqualTo(SUPPRESSED);
      assertThat(escalation(f, receipt).lastError())
          .isEqualTo(
              "escalation not sent: the manager to escalate to could not be found:"
                  + " IllegalStateException: directory down");
    }
  }

  @Test
  void a_contact_without_an_address_on_the_channel_is_recorded_as_suppressed() {
    Recipient emailOnly =
        new Recipient(
            "marie", TENANT, Map.of(ChannelType.EMAIL, "marie@example.com"), Locale.FRENCH, PARIS);
    try (EngineFixture f =
        new EngineFixture(b -> b.policy(SMS_THE_MANAGER).contacts(directory(emailOnly)))) {
      publishUrgent(f);
      Receipt receipt = f.comms.send(urgent());
      f.comms.dispatchDue();

      assertThat(escalation(f, receipt).state()).isEqualTo(SUPPRESSED);
      assertThat(escalation(f, receipt).lastError())
          .isEqualTo("escalation not sent: the manager 'marie' has no address on sms");
    }
  }

  @Test
  void a_contact_of_another_tenant_is_recorded_as_suppressed() {
    Recipient stranger =
        new Recipient(
            "marie", "globex", Map.of(ChannelType.SMS, "+33612345678"), Locale.FRENCH, PARIS);
    try (EngineFixture f =
        new EngineFixture(b -> b.policy(SMS_THE_MANAGER).contacts(directory(stranger)))) {
      publishUrgent(f);
      Receipt receipt = f.comms.send(urgent());
      f.comms.dispatchDue();

      assertThat(escalation(f, receipt).state()).isEqualTo(SUPPRESSED);
      assertThat(escalation(f, receipt).lastError()).contains("belongs to tenant 'globex'");
    }
  }

  @Test
  void the_recipient_being_reached_on_the_same_channel_does_not_cancel_the_managers_sms() {
    DeliveryPolicy smsToBoth =
        DeliveryPolicy.builder()
            .channels(ChannelType.SMS)
            .escalate(Escalation.ifUnread(FIFTEEN_MINUTES, ChannelType.SMS).toContact("manager"))
            .build();
    try (EngineFixture f =
        new EngineFixture(b -> b.policy(smsToBoth).contacts(directory(MANAGER)))) {
      publishUrgent(f);
      Receipt receipt = f.comms.send(urgent());
      f.comms.dispatchDue();
      f.clock.advance(FIFTEEN_MINUTES);
      f.comms.dispatchDue();

      assertThat(f.sms.sent())
          .extracting(OutboundMessage::address)
          .containsExactly("+14155550111", "+33612345678");
    }
  }
}
