package dev.communicable.internal.gate;

import static dev.communicable.internal.gate.TestCandidates.ANN;
import static dev.communicable.internal.gate.TestCandidates.T0;
import static dev.communicable.internal.gate.TestCandidates.TENANT;
import static dev.communicable.internal.gate.TestCandidates.candidate;
import static dev.communicable.internal.gate.TestCandidates.delivery;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.policy.QuietHours;
import dev.communicable.preference.Preferences;
import dev.communicable.spi.QuietHoursRules;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** The recipient's zone is UTC and the gate decides at noon, {@link TestCandidates#T0}. */
@DisplayName("The quiet-hours gate")
class QuietHoursGateTest {
  private static final Instant ONE_PM = Instant.parse("2026-03-02T13:00:00Z");

  private final QuietHoursGate gate = new QuietHoursGate();

  private static Delivery on(ChannelType channel, Priority priority) {
    return delivery(new DeliveryId(new UUID(1, 1)), channel, priority, null, null);
  }

  private static DeliveryPolicy policyQuiet(String start, String end, boolean criticalBypasses) {
    return DeliveryPolicy.builder()
        .quietHours(LocalTime.parse(start), LocalTime.parse(end))
        .criticalBypassesQuietHours(criticalBypasses)
        .build();
  }

  private static Preferences ownQuiet(String start, String end, boolean criticalOverride) {
    QuietHours quiet = QuietHours.between(LocalTime.parse(start), LocalTime.parse(end));
    return new Preferences(TENANT, ANN.id(), Map.of(), Map.of(), false, quiet, criticalOverride, 1);
  }

  private GateDecision check(Delivery d, DeliveryPolicy policy, Preferences prefs) {
    return gate.check(candidate(d, T0).policy(policy).preferences(prefs).build());
  }

  private static final Preferences NONE = Preferences.defaults(TENANT, "ann");

  @Test
  void lets_a_delivery_outside_all_quiet_hours_proceed() {
    DeliveryPolicy policy = policyQuiet("22:00", "07:00", true);

    assertThat(
            check(on(ChannelType.EMAIL, Priority.NORMAL), policy, ownQuiet("20:00", "08:00", true)))
        .isEqualTo(GateDecision.proceed());
  }

  @Test
  void defers_a_delivery_inside_the_policys_quiet_hours_until_they_end() {
    assertThat(
            check(on(ChannelType.SMS, Priority.NORMAL), policyQuiet("11:00", "13:00", true), NONE))
        .isEqualTo(GateDecision.deferUntil(ONE_PM, "quiet hours until " + ONE_PM));
  }

  @Test
  void defers_a_delivery_inside_the_recipients_own_quiet_hours_until_they_end() {
    assertThat(
            check(
                on(ChannelType.SMS, Priority.NORMAL),
                DeliveryPolicy.defaults(),
                ownQuiet("11:30", "13:00", true)))
        .isEqualTo(GateDecision.deferUntil(ONE_PM, "quiet hours until " + ONE_PM));
  }

  @Test
  void defers_to_the_end_of_quiet_spans_that_follow_each_other() {
    Instant threePm = Instant.parse("2026-03-02T15:00:00Z");

    assertThat(
            check(
                on(ChannelType.SMS, Priority.NORMAL),
                policyQuiet("13:00", "15:00", true),
                ownQuiet("11:30", "13:30", true)))
        .isEqualTo(GateDecision.deferUntil(threePm, "quiet hours until " + threePm));
  }

  @Test
  void never_holds_an_in_app_message() {
    assertThat(
            check(
                on(ChannelType.IN_APP, Priority.NORMAL),
                policyQuiet("11:00", "13:00", false),
                ownQuiet("11:00", "13:00", false)))
        .isEqualTo(GateDecision.proceed());
  }

  @Test
  void lets_a_critical_message_through_the_policys_quiet_hours_only_when_the_policy_says_so() {
    Delivery critical = on(ChannelType.SMS, Priority.CRITICAL);

    assertThat(check(critical, policyQuiet("11:00", "13:00", true), NONE))
        .isEqualTo(GateDecision.proceed());
    assertThat(check(critical, policyQuiet("11:00", "13:00", false), NONE))
        .isInstanceOf(GateDecision.Defer.class);
  }

  @Test
  void
      lets_a_critical_message_through_the_recipients_quiet_hours_only_when_the_recipient_says_so() {
    Delivery critical = on(ChannelType.SMS, Priority.CRITICAL);
    DeliveryPolicy none = DeliveryPolicy.defaults();

    assertThat(check(critical, none, ownQuiet("11:00", "13:00", true)))
        .isEqualTo(GateDecision.proceed());
    assertThat(check(critical, none, ownQuiet("11:00", "13:00", false)))
        .isInstanceOf(GateDecision.Defer.class);
  }

  @Nested
  @DisplayName("with the tenant's own quiet hours")
  class TenantQuietHours {
    private final QuietHoursRules smsQuietAroundNoon =
        QuietHoursRules.of(
            Map.of(
                TENANT,
                Map.of(
                    ChannelType.SMS,
                    QuietHours.between(LocalTime.of(11, 0), LocalTime.of(13, 0)))));
    private final QuietHoursGate withRules = new QuietHoursGate(smsQuietAroundNoon);

    private GateDecision check(Delivery d, DeliveryPolicy policy, Preferences prefs) {
      return withRules.check(candidate(d, T0).policy(policy).preferences(prefs).build());
    }

    @Test
    void defers_a_delivery_on_a_channel_the_tenant_keeps_quiet() {
      assertThat(check(on(ChannelType.SMS, Priority.NORMAL), DeliveryPolicy.defaults(), NONE))
          .isEqualTo(GateDecision.deferUntil(ONE_PM, "quiet hours until " + ONE_PM));
    }

    @Test
    void lets_a_delivery_on_another_channel_of_the_tenant_proceed() {
      assertThat(check(on(ChannelType.EMAIL, Priority.NORMAL), DeliveryPolicy.defaults(), NONE))
          .isEqualTo(GateDecision.proceed());
    }

    @Test
    void lets_another_tenants_delivery_proceed() {
      QuietHoursGate otherTenant =
          new QuietHoursGate(
              QuietHoursRules.of(
                  Map.of(
                      "globex",
                      Map.of(
                          ChannelType.SMS,
                          QuietHours.between(LocalTime.of(11, 0), LocalTime.of(13, 0))))));

      assertThat(
              otherTenant.check(
                  candidate(on(ChannelType.SMS, Priority.NORMAL), T0).preferences(NONE).build()))
          .isEqualTo(GateDecision.proceed());
    }

    @Test
    void waits_until_the_policy_the_tenant_and_the_recipient_all_allow_it() {
      Instant fourPm = Instant.parse("2026-03-02T16:00:00Z");

      // tenant 11:00-13:00, then the recipient's 12:30-14:00, then the policy's 14:00-16:00
      assertThat(
              check(
                  on(ChannelType.SMS, Priority.NORMAL),
                  policyQuiet("14:00", "16:00", true),
                  ownQuiet("12:30", "14:00", true)))
          .isEqualTo(GateDecision.deferUntil(fourPm, "quiet hours until " + fourPm));
    }

    @Test
    void lets_a_critical_message_through_them_only_when_the_policy_lets_critical_through() {
      Delivery critical = on(ChannelType.SMS, Priority.CRITICAL);

      assertThat(check(critical, DeliveryPolicy.defaults(), NONE))
          .isEqualTo(GateDecision.proceed());
      assertThat(
              check(
                  critical,
                  DeliveryPolicy.builder().criticalBypassesQuietHours(false).build(),
                  NONE))
          .isEqualTo(GateDecision.deferUntil(ONE_PM, "quiet hours until " + ONE_PM));
    }

    @Test
    void never_holds_an_in_app_message_nor_asks_the_rules_for_it() {
      QuietHoursGate asking =
          new QuietHoursGate(
              (tenant, channel) -> {
                throw new AssertionError("asked for " + channel);
              });

      assertThat(
              asking.check(
                  candidate(on(ChannelType.IN_APP, Priority.NORMAL), T0).preferences(NONE).build()))
          .isEqualTo(GateDecision.proceed());
    }
  }

  @Test
  void a_table_of_tenant_quiet_hours_refuses_nulls() {
    java.util.Map<ChannelType, QuietHours> withNull = new java.util.HashMap<>();
    withNull.put(ChannelType.SMS, null);
    assertThatThrownBy(() -> QuietHoursRules.of(Map.of(TENANT, withNull)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("quietHours.acme.sms: must not be null");
    assertThatThrownBy(() -> QuietHoursRules.of(null)).isInstanceOf(InvalidRequestException.class);
  }
}
