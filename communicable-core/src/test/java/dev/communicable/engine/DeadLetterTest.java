package dev.communicable.engine;

import static dev.communicable.delivery.DeliveryState.DEAD_LETTERED;
import static dev.communicable.delivery.DeliveryState.QUEUED;
import static dev.communicable.delivery.DeliveryState.SENT;
import static dev.communicable.engine.EngineFixture.TENANT;
import static dev.communicable.engine.EngineFixture.alice;
import static dev.communicable.engine.EngineFixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.Content;
import dev.communicable.NotFoundException;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.SendResult;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.IllegalTransitionException;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.policy.Retry;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("The dead-letter queue")
class DeadLetterTest {
  private static final DeliveryPolicy ONE_RETRY =
      DeliveryPolicy.builder().retry(Retry.schedule(Duration.ofMinutes(1)).jitter(0)).build();

  private static Receipt deadLetter(EngineFixture f, String who) {
    f.email.failNext(2, SendResult.retryable("smtp", "503"));
    Receipt receipt =
        f.comms.send(
            Notification.event("hello")
                .to(user(who, who + "@example.com", null))
                .content(Content.text("Hello")));
    f.comms.dispatchDue();
    f.clock.advance(Duration.ofMinutes(1));
    f.comms.dispatchDue();
    return receipt;
  }

  @Test
  void replay_gives_a_fresh_set_of_attempts_and_sends_again() {
    try (EngineFixture f = new EngineFixture(b -> b.policy(ONE_RETRY))) {
      Receipt receipt = deadLetter(f, "alice");
      Delivery dead = f.only(receipt, ChannelType.EMAIL);
      assertThat(dead.state()).isEqualTo(DEAD_LETTERED);
      assertThat(dead.attempts()).isEqualTo(2);

      Delivery replayed = f.comms.deadLetters().replay(TENANT, dead.id());
      assertThat(replayed.state()).isEqualTo(QUEUED);
      assertThat(replayed.attempts()).isZero();
      assertThat(f.comms.deadLetters().list(TENANT, null, 10)).isEmpty();

      f.email.failNext(1, SendResult.retryable("smtp", "503 again"));
      f.comms.dispatchDue();
      assertThat(f.only(receipt, ChannelType.EMAIL).state())
          .as("a fresh attempt budget allows a retry again")
          .isEqualTo(QUEUED);
      f.clock.advance(Duration.ofMinutes(1));
      f.comms.dispatchDue();

      Delivery sent = f.only(receipt, ChannelType.EMAIL);
      assertThat(sent.state()).isEqualTo(SENT);
      assertThat(sent.attempts()).isEqualTo(2);
      assertThat(f.email.sent()).hasSize(4);
    }
  }

  @Test
  void replay_all_queues_every_dead_letter_of_the_tenant() {
    try (EngineFixture f = new EngineFixture(b -> b.policy(ONE_RETRY))) {
      deadLetter(f, "alice");
      deadLetter(f, "bob");
      assertThat(f.comms.deadLetters().list(TENANT, null, 10)).hasSize(2);

      assertThat(f.comms.deadLetters().replayAll(TENANT)).isEqualTo(2);
      assertThat(f.comms.dispatchDue()).isEqualTo(2);
      assertThat(f.comms.deadLetters().list(TENANT, null, 10)).isEmpty();
      assertThat(f.comms.deadLetters().replayAll("other-tenant")).isZero();
    }
  }

  @Test
  void replay_refuses_what_is_not_a_dead_letter() {
    try (EngineFixture f = new EngineFixture()) {
      Receipt receipt =
          f.comms.send(Notification.event("hello").to(alice()).content(Content.text("Hello")));
      Delivery queued = f.only(receipt, ChannelType.EMAIL);

      assertThatThrownBy(() -> f.comms.deadLetters().replay(TENANT, queued.id()))
          .isInstanceOf(IllegalTransitionException.class);
      assertThatThrownBy(
              () -> f.comms.deadLetters().replay(TENANT, new DeliveryId(UUID.randomUUID())))
          .isInstanceOf(NotFoundException.class);
      assertThatThrownBy(() -> f.comms.deadLetters().list(TENANT, null, 0))
          .hasMessageContaining("limit");
    }
  }
}
