package dev.communicable.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelType;
import dev.communicable.spi.ThrottlePermit;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

class ThrottleTest {
  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void a_rule_for_one_channel_applies_only_to_it() {
    Throttle sms = Throttle.perRecipient(ChannelType.SMS, 5, HOUR);
    assertThat(sms.appliesTo(ChannelType.SMS)).isTrue();
    assertThat(sms.appliesTo(ChannelType.EMAIL)).isFalse();
  }

  @Test
  void a_rule_without_a_channel_applies_to_every_channel_with_one_shared_count() {
    Throttle all = Throttle.perRecipient(null, 10, HOUR);
    assertThat(all.appliesTo(ChannelType.SMS)).isTrue();
    assertThat(all.appliesTo(ChannelType.of("fax"))).isTrue();
    assertThat(all.permitFor("acme", ChannelType.SMS, "u1").key())
        .isEqualTo(all.permitFor("acme", ChannelType.EMAIL, "u1").key());
  }

  @Test
  void permits_are_keyed_by_scope_with_the_rule_in_the_key() {
    assertThat(
            Throttle.perRecipient(ChannelType.SMS, 5, HOUR)
                .permitFor("acme", ChannelType.SMS, "u1"))
        .isEqualTo(new ThrottlePermit("t:acme:c:sms:r:u1:5/3600000", 5, HOUR));
    assertThat(
            Throttle.perTenant(ChannelType.SMS, 100, HOUR)
                .permitFor("acme", ChannelType.SMS, "u1")
                .key())
        .isEqualTo("t:acme:c:sms:100/3600000");
    assertThat(
            Throttle.perChannel(ChannelType.SMS, 1000, HOUR)
                .permitFor("acme", ChannelType.SMS, "u1")
                .key())
        .isEqualTo("c:sms:1000/3600000");
  }

  @Test
  void different_recipients_tenants_and_rules_never_share_a_key() {
    Throttle rule = Throttle.perRecipient(ChannelType.SMS, 5, HOUR);
    assertThat(rule.permitFor("acme", ChannelType.SMS, "u1").key())
        .isNotEqualTo(rule.permitFor("acme", ChannelType.SMS, "u2").key())
        .isNotEqualTo(rule.permitFor("globex", ChannelType.SMS, "u1").key())
        .isNotEqualTo(
            Throttle.perRecipient(ChannelType.SMS, 6, HOUR)
                .permitFor("acme", ChannelType.SMS, "u1")
                .key());
  }

  @Test
  void colons_in_ids_cannot_forge_another_tenants_key() {
    Throttle rule = Throttle.perRecipient(ChannelType.SMS, 5, HOUR);
    String honest = rule.permitFor("a", ChannelType.SMS, "b:c:sms:r:x").key();
    String forged = rule.permitFor("a:c:sms:r:b", ChannelType.SMS, "x").key();
    assertThat(honest).isNotEqualTo(forged);
    assertThat(rule.permitFor("a%3A", ChannelType.SMS, "x").key())
        .isNotEqualTo(rule.permitFor("a:", ChannelType.SMS, "x").key());
  }

  @Test
  void bad_values_are_rejected_naming_the_field() {
    assertField(() -> new Throttle(null, ChannelType.SMS, 1, HOUR), "throttle.scope");
    assertField(() -> Throttle.perRecipient(ChannelType.SMS, 0, HOUR), "throttle.limit");
    assertField(() -> Throttle.perRecipient(ChannelType.SMS, -1, HOUR), "throttle.limit");
    assertField(() -> Throttle.perRecipient(ChannelType.SMS, 1, null), "throttle.window");
    assertField(() -> Throttle.perRecipient(ChannelType.SMS, 1, Duration.ZERO), "throttle.window");
    assertField(
        () -> Throttle.perRecipient(ChannelType.SMS, 1, Duration.ofSeconds(-1)), "throttle.window");
    assertField(
        () -> Throttle.perRecipient(ChannelType.SMS, 1, Duration.ofNanos(10)), "throttle.window");
    assertField(
        () -> Throttle.perRecipient(ChannelType.SMS, 1, Duration.ofDays(32)), "throttle.window");
  }

  private static void assertField(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
