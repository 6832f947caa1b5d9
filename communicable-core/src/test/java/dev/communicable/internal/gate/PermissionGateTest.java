package dev.communicable.internal.gate;

import static dev.communicable.internal.gate.TestCandidates.ANN;
import static dev.communicable.internal.gate.TestCandidates.T0;
import static dev.communicable.internal.gate.TestCandidates.TENANT;
import static dev.communicable.internal.gate.TestCandidates.candidate;
import static dev.communicable.internal.gate.TestCandidates.delivery;
import static dev.communicable.internal.gate.TestCandidates.unread;
import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.preference.Preferences;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The permission and preferences gate")
class PermissionGateTest {
  private final List<String> asked = new ArrayList<>();

  private static Delivery email(Priority priority) {
    return delivery(new DeliveryId(new UUID(1, 1)), ChannelType.EMAIL, priority, null, null);
  }

  private static Preferences prefs(boolean emailOn, boolean muted, boolean criticalOverride) {
    return new Preferences(
        TENANT,
        ANN.id(),
        Map.of(ChannelType.EMAIL, emailOn),
        Map.of(),
        muted,
        null,
        criticalOverride,
        1);
  }

  private PermissionGate permitting(boolean permits) {
    return new PermissionGate(
        (tenantId, senderId, recipient, topic, channel) -> {
          asked.add(tenantId + " " + senderId + " " + recipient.id() + " " + topic + " " + channel);
          return permits;
        });
  }

  @Test
  void lets_a_permitted_delivery_the_recipient_wants_proceed() {
    Candidate c = candidate(email(Priority.NORMAL), T0).build();

    assertThat(permitting(true).check(c)).isEqualTo(GateDecision.proceed());
    assertThat(asked).containsExactly("acme sam ann invoice.paid email");
  }

  @Test
  void suppresses_what_the_authorizer_refuses_before_reading_preferences() {
    Candidate c =
        candidate(email(Priority.NORMAL), T0).preferences(unread("the preferences")).build();

    assertThat(permitting(false).check(c)).isEqualTo(GateDecision.suppress("not permitted"));
  }

  @Test
  void suppresses_what_the_recipient_opted_out_of() {
    Candidate c =
        candidate(email(Priority.NORMAL), T0).preferences(prefs(false, false, true)).build();

    assertThat(permitting(true).check(c))
        .isEqualTo(GateDecision.suppress("opted out by the recipient"));
  }

  @Test
  void suppresses_everything_to_a_muted_recipient() {
    Candidate c =
        candidate(email(Priority.NORMAL), T0).preferences(prefs(true, true, true)).build();

    assertThat(permitting(true).check(c))
        .isEqualTo(GateDecision.suppress("muted by the recipient"));
  }

  @Test
  void lets_a_critical_message_through_opt_out_and_mute_when_the_recipient_allows_it() {
    Candidate allowed =
        candidate(email(Priority.CRITICAL), T0).preferences(prefs(false, true, true)).build();
    Candidate refused =
        candidate(email(Priority.CRITICAL), T0).preferences(prefs(false, true, false)).build();

    assertThat(permitting(true).check(allowed)).isEqualTo(GateDecision.proceed());
    assertThat(permitting(true).check(refused)).isInstanceOf(GateDecision.Suppress.class);
  }

  @Test
  void a_critical_message_still_needs_the_authorizers_permission() {
    Candidate c = candidate(email(Priority.CRITICAL), T0).build();

    assertThat(permitting(false).check(c)).isEqualTo(GateDecision.suppress("not permitted"));
  }
}
