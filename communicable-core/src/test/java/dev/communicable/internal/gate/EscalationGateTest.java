package dev.communicable.internal.gate;

import static dev.communicable.delivery.DeliveryState.DELIVERED;
import static dev.communicable.delivery.DeliveryState.FAILED;
import static dev.communicable.delivery.DeliveryState.QUEUED;
import static dev.communicable.delivery.DeliveryState.READ;
import static dev.communicable.delivery.DeliveryState.SENDING;
import static dev.communicable.delivery.DeliveryState.SENT;
import static dev.communicable.internal.gate.TestCandidates.T0;
import static dev.communicable.internal.gate.TestCandidates.candidate;
import static dev.communicable.internal.gate.TestCandidates.in;
import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Contact;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.DeliveryState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The unnecessary-escalation gate")
class EscalationGateTest {
  private static final DeliveryId FIRST_EMAIL = id(1);
  private static final DeliveryId FIRST_PUSH = id(2);
  private static final Instant PLANNED = T0.minusSeconds(7200);

  private final List<Delivery> family = new ArrayList<>();
  private final List<Delivery> lookedUp = new ArrayList<>();
  private final EscalationGate gate =
      new EscalationGate(
          d -> {
            lookedUp.add(d);
            return List.copyOf(family);
          });

  private static DeliveryId id(long n) {
    return new DeliveryId(new UUID(0, n));
  }

  /** The SMS escalation of the first email step, planned two hours ago and now claimed. */
  private final Delivery escalation = smsEscalation(id(10), FIRST_EMAIL, SENDING, PLANNED);

  private static Delivery smsEscalation(
      DeliveryId id, DeliveryId of, DeliveryState state, Instant createdAt) {
    return in(state, id, ChannelType.SMS, Priority.NORMAL, null, of, createdAt);
  }

  private static Delivery step(DeliveryId id, ChannelType channel, DeliveryState state) {
    return in(state, id, channel, Priority.NORMAL, null, null, PLANNED);
  }

  private GateDecision check(Delivery d) {
    family.add(d);
    return gate.check(candidate(d, T0).build());
  }

  @Test
  void lets_any_other_delivery_proceed_without_looking_at_its_family() {
    assertThat(check(step(FIRST_EMAIL, ChannelType.EMAIL, SENDING)))
        .isEqualTo(GateDecision.proceed());
    assertThat(lookedUp).isEmpty();
  }

  @Test
  void lets_an_escalation_still_needed_proceed() {
    family.add(step(FIRST_EMAIL, ChannelType.EMAIL, DELIVERED));
    family.add(step(id(3), ChannelType.SMS, FAILED));

    assertThat(check(escalation)).isEqualTo(GateDecision.proceed());
    assertThat(lookedUp).containsExactly(escalation);
  }

  @Test
  void cancels_an_escalation_once_the_message_was_read() {
    family.add(step(FIRST_EMAIL, ChannelType.EMAIL, READ));

    assertThat(check(escalation))
        .isEqualTo(GateDecision.cancel("not needed: the message was read"));
  }

  @Test
  void cancels_an_escalation_when_another_step_already_reached_the_recipient_on_its_channel() {
    family.add(step(FIRST_EMAIL, ChannelType.EMAIL, FAILED));
    family.add(step(id(3), ChannelType.SMS, SENT));

    assertThat(check(escalation))
        .isEqualTo(
            GateDecision.cancel(
                "not needed: delivery " + id(3) + " reached the recipient on this channel"));
  }

  @Test
  void cancels_the_later_of_two_escalations_of_the_same_message_on_the_same_channel() {
    Delivery earlier = smsEscalation(id(11), FIRST_PUSH, QUEUED, PLANNED.minusSeconds(1));
    family.add(earlier);

    assertThat(check(escalation))
        .isEqualTo(
            GateDecision.cancel(
                "not needed: delivery " + earlier.id() + " escalates this message already"));
  }

  @Test
  void breaks_a_tie_between_twins_made_at_once_by_their_ids() {
    Delivery lowerId = smsEscalation(id(9), FIRST_PUSH, QUEUED, PLANNED);
    Delivery higherId = smsEscalation(id(12), FIRST_PUSH, QUEUED, PLANNED);

    family.add(lowerId);
    assertThat(check(escalation)).isInstanceOf(GateDecision.Cancel.class);

    family.clear();
    family.add(higherId);
    assertThat(check(escalation)).isEqualTo(GateDecision.proceed());
  }

  @Test
  void lets_the_earlier_of_two_twins_proceed() {
    family.add(smsEscalation(id(11), FIRST_PUSH, QUEUED, PLANNED.plusSeconds(1)));

    assertThat(check(escalation)).isEqualTo(GateDecision.proceed());
  }

  private static Delivery toManager(Delivery escalation) {
    return escalation.toBuilder().contact(new Contact("manager", "marie")).build();
  }

  @Test
  void lets_an_escalation_to_a_contact_proceed_though_the_recipient_was_reached_on_its_channel() {
    family.add(step(FIRST_EMAIL, ChannelType.EMAIL, FAILED));
    family.add(step(id(3), ChannelType.SMS, SENT));

    assertThat(check(toManager(escalation))).isEqualTo(GateDecision.proceed());
  }

  @Test
  void cancels_an_escalation_to_a_contact_once_the_recipient_read_the_message() {
    family.add(step(FIRST_EMAIL, ChannelType.EMAIL, READ));

    assertThat(check(toManager(escalation)))
        .isEqualTo(GateDecision.cancel("not needed: the message was read"));
  }

  @Test
  void does_not_take_an_escalation_to_the_recipient_for_a_twin_of_one_to_a_contact() {
    family.add(smsEscalation(id(11), FIRST_PUSH, QUEUED, PLANNED.minusSeconds(1)));

    assertThat(check(toManager(escalation))).isEqualTo(GateDecision.proceed());
    family.clear();
    family.add(toManager(smsEscalation(id(11), FIRST_PUSH, QUEUED, PLANNED.minusSeconds(1))));
    assertThat(check(toManager(escalation))).isInstanceOf(GateDecision.Cancel.class);
  }
}
