package dev.communicable.policy;

import static dev.communicable.channel.ChannelType.CHAT;
import static dev.communicable.channel.ChannelType.EMAIL;
import static dev.communicable.channel.ChannelType.PUSH;
import static dev.communicable.channel.ChannelType.SMS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelType;
import java.time.Duration;
import java.time.LocalTime;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class DeliveryPolicyTest {

  @Test
  void defaults_are_email_only_default_retry_and_nothing_else() {
    DeliveryPolicy p = DeliveryPolicy.defaults();
    assertThat(p.channels()).containsExactly(EMAIL);
    assertThat(p.retry()).isEqualTo(Retry.defaults());
    assertThat(p.throttles()).isEmpty();
    assertThat(p.quietHours()).isEmpty();
    assertThat(p.criticalBypassesQuietHours()).isTrue();
    assertThat(p.fallbacksFor(EMAIL)).isEmpty();
    assertThat(p.escalations()).isEmpty();
    assertThat(p.expireAfter()).isEmpty();
  }

  @Test
  void holds_everything_the_builder_was_given() {
    DeliveryPolicy p =
        DeliveryPolicy.builder()
            .channels(EMAIL, PUSH)
            .retry(Retry.exponential(Duration.ofMinutes(1), 5.0).maxAttempts(4))
            .throttle(Throttle.perRecipient(SMS, 5, Duration.ofHours(1)))
            .throttle(Throttle.perTenant(null, 1000, Duration.ofMinutes(1)))
            .quietHours(LocalTime.of(22, 0), LocalTime.of(7, 0))
            .criticalBypassesQuietHours(false)
            .fallback(EMAIL, SMS, CHAT)
            .escalateIfUnread(Duration.ofHours(2), SMS)
            .expireAfter(Duration.ofDays(1))
            .build();

    assertThat(p.channels()).containsExactly(EMAIL, PUSH);
    assertThat(p.retry().maxAttempts()).isEqualTo(4);
    assertThat(p.throttlesFor(SMS)).hasSize(2);
    assertThat(p.throttlesFor(EMAIL)).hasSize(1);
    assertThat(p.quietHours()).contains(new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0)));
    assertThat(p.criticalBypassesQuietHours()).isFalse();
    assertThat(p.fallbacksFor(EMAIL)).containsExactly(SMS, CHAT);
    assertThat(p.fallbacksFor(SMS)).isEmpty();
    assertThat(p.fallbacksFor(null)).isEmpty();
    assertThat(p.escalations()).containsExactly(new Escalation(Duration.ofHours(2), SMS));
    assertThat(p.expireAfter()).contains(Duration.ofDays(1));
  }

  @Test
  void a_built_policy_is_immutable_and_independent_of_its_builder() {
    DeliveryPolicy.Builder builder = DeliveryPolicy.builder().channels(EMAIL);
    DeliveryPolicy first = builder.build();
    builder.channels(SMS).throttle(Throttle.perChannel(SMS, 1, Duration.ofSeconds(1)));

    assertThat(first.channels()).containsExactly(EMAIL);
    assertThat(first.throttles()).isEmpty();
    assertThatThrownBy(() -> first.channels().add(PUSH))
        .isInstanceOf(UnsupportedOperationException.class);
    assertThatThrownBy(() -> first.throttles().clear())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  @Nested
  @DisplayName("the builder rejects, naming the field")
  class Rejections {
    @Test
    void no_channels_null_channels_and_duplicate_channels() {
      assertField(() -> DeliveryPolicy.builder().channels(), "channels");
      assertField(() -> DeliveryPolicy.builder().channels((ChannelType[]) null), "channels");
      assertField(() -> DeliveryPolicy.builder().channels(EMAIL, null), "channels[1]");
      assertField(() -> DeliveryPolicy.builder().channels(EMAIL, SMS, EMAIL), "channels[2]");
    }

    @Test
    void a_missing_retry_or_throttle_and_a_repeated_throttle() {
      assertField(() -> DeliveryPolicy.builder().retry(null), "retry");
      assertField(() -> DeliveryPolicy.builder().throttle(null), "throttle");
      Throttle t = Throttle.perRecipient(SMS, 5, Duration.ofHours(1));
      assertField(() -> DeliveryPolicy.builder().throttle(t).throttle(t), "throttle");
    }

    @Test
    void negative_or_zero_durations() {
      assertField(
          () -> DeliveryPolicy.builder().expireAfter(Duration.ofSeconds(-1)), "expireAfter");
      assertField(() -> DeliveryPolicy.builder().expireAfter(Duration.ZERO), "expireAfter");
      assertField(() -> DeliveryPolicy.builder().expireAfter(null), "expireAfter");
      assertField(
          () ->
              DeliveryPolicy.builder()
                  .expireAfter(dev.communicable.Limits.MAX_POLICY_DELAY.plusNanos(1)),
          "expireAfter");
      assertField(
          () ->
              DeliveryPolicy.builder().escalateIfUnread(Duration.ofDays(100_000), ChannelType.SMS),
          "escalation.after");
      assertField(
          () -> DeliveryPolicy.builder().escalateIfUnread(Duration.ofMinutes(-5), SMS),
          "escalation.after");
      assertField(
          () ->
              DeliveryPolicy.builder()
                  .throttle(Throttle.perRecipient(SMS, 1, Duration.ofSeconds(-1))),
          "throttle.window");
      assertField(
          () -> DeliveryPolicy.builder().retry(Retry.exponential(Duration.ofSeconds(-1), 2)),
          "retry.initial");
    }

    @Test
    void zero_length_or_missing_quiet_hours() {
      assertField(
          () -> DeliveryPolicy.builder().quietHours(LocalTime.of(22, 0), LocalTime.of(22, 0)),
          "quietHours");
      assertField(() -> DeliveryPolicy.builder().quietHours(null), "quietHours");
      assertField(
          () -> DeliveryPolicy.builder().quietHours(null, LocalTime.NOON), "quietHours.start");
    }

    @Test
    void empty_fallback_chains() {
      assertField(() -> DeliveryPolicy.builder().fallback(EMAIL), "fallback");
      assertField(() -> DeliveryPolicy.builder().fallback(EMAIL, (ChannelType[]) null), "fallback");
      assertField(() -> DeliveryPolicy.builder().fallback(null, SMS), "fallback.primary");
      assertField(() -> DeliveryPolicy.builder().fallback(EMAIL, SMS, null), "fallback[1]");
    }

    @Test
    void a_fallback_to_the_same_channel_or_a_channel_twice_in_the_chain() {
      assertThatThrownBy(() -> DeliveryPolicy.builder().fallback(EMAIL, EMAIL))
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> {
                assertThat(e.field()).isEqualTo("fallback[0]");
                assertThat(e.problem()).contains("email").contains("already in the chain");
              });
      assertField(() -> DeliveryPolicy.builder().fallback(EMAIL, SMS, PUSH, SMS), "fallback[2]");
    }

    @Test
    void two_chains_from_one_channel() {
      assertField(
          () -> DeliveryPolicy.builder().fallback(EMAIL, SMS).fallback(EMAIL, PUSH),
          "fallback.primary");
    }

    @Test
    void an_escalation_to_a_channel_the_policy_already_uses_or_twice_to_one_channel() {
      assertField(
          () ->
              DeliveryPolicy.builder()
                  .channels(EMAIL)
                  .escalateIfUnread(Duration.ofHours(1), EMAIL)
                  .build(),
          "escalation.channel");
      assertField(
          () ->
              DeliveryPolicy.builder()
                  .channels(EMAIL, SMS)
                  .escalateIfUnread(Duration.ofHours(1), SMS)
                  .build(),
          "escalation.channel");
      assertField(
          () ->
              DeliveryPolicy.builder()
                  .escalateIfUnread(Duration.ofHours(1), SMS)
                  .escalateIfUnread(Duration.ofHours(3), SMS),
          "escalation.channel");
      assertField(
          () -> DeliveryPolicy.builder().escalateIfUnread(Duration.ofHours(1), null),
          "escalation.channel");
    }

    @Test
    void an_escalation_to_the_same_contact_role_twice_on_one_channel_or_a_bad_role() {
      assertField(
          () ->
              DeliveryPolicy.builder()
                  .escalate(Escalation.ifUnread(Duration.ofHours(1), SMS).toContact("manager"))
                  .escalate(Escalation.ifUnread(Duration.ofHours(2), SMS).toContact("manager")),
          "escalation.channel");
      assertField(
          () -> Escalation.ifUnread(Duration.ofHours(1), SMS).toContact(""),
          "escalation.contactRole");
      assertField(
          () -> Escalation.ifUnread(Duration.ofHours(1), SMS).toContact(null),
          "escalation.contactRole");
      assertField(() -> DeliveryPolicy.builder().escalate(null), "escalation");
    }
  }

  @Test
  void escalations_to_contacts_may_use_the_policys_own_channels_and_one_channel_per_role() {
    DeliveryPolicy p =
        DeliveryPolicy.builder()
            .channels(EMAIL, SMS)
            .escalate(Escalation.ifUnread(Duration.ofMinutes(15), SMS).toContact("manager"))
            .escalate(Escalation.ifUnread(Duration.ofMinutes(30), SMS).toContact("director"))
            .escalateIfUnread(Duration.ofMinutes(15), PUSH)
            .build();

    assertThat(p.escalations())
        .extracting(Escalation::contactRole)
        .containsExactly("manager", "director", null);
    assertThat(p.escalations().get(0).contact()).contains("manager");
    assertThat(p.escalations().get(2).contact()).isEmpty();
  }

  private static void assertField(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
