package dev.communicable.engine;

import static dev.communicable.delivery.DeliveryState.QUEUED;
import static dev.communicable.delivery.DeliveryState.SENT;
import static dev.communicable.engine.EngineFixture.T0;
import static dev.communicable.engine.EngineFixture.TENANT;
import static dev.communicable.engine.EngineFixture.alice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.communicable.Content;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.StoreException;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.DeliveryAttempt.Outcome;
import dev.communicable.delivery.StateChange;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.policy.Retry;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A store error before any provider is called")
class StoreErrorBeforeSendTest {
  /** The pause docs/concepts.md promises after a transient store error before the send. */
  private static final Duration PAUSE = Duration.ofSeconds(5);

  /** Three attempts, ten minutes apart, no jitter: a backoff far longer than the pause. */
  private static final DeliveryPolicy THREE_ATTEMPTS =
      DeliveryPolicy.builder()
          .retry(Retry.schedule(Duration.ofMinutes(10), Duration.ofMinutes(10)).jitter(0))
          .build();

  private static Notification.Builder hello() {
    return Notification.event("hello").to(alice()).content(Content.text("Hello"));
  }

  @Test
  void
      a_transient_one_releases_the_delivery_without_an_attempt_and_it_goes_out_after_a_short_pause() {
    try (EngineFixture f = new EngineFixture(b -> b.policy(THREE_ATTEMPTS))) {
      Receipt receipt = f.comms.send(hello());
      f.deliveryStore.failMessageReads.add(new StoreException("connection refused", true, null));

      f.comms.dispatchDue();

      Delivery released = f.only(receipt, ChannelType.EMAIL);
      assertThat(released.state()).isEqualTo(QUEUED);
      assertThat(released.attempts()).as("no attempt spent").isZero();
      assertThat(released.scheduledAt()).isEqualTo(T0.plus(PAUSE));
      assertThat(f.deliveryStore.attempts(TENANT, released.id())).isEmpty();
      assertThat(f.email.sent()).isEmpty();
      assertThat(f.comms.timeline(receipt))
          .filteredOn(c -> c.deliveryId().equals(released.id()))
          .last()
          .extracting(StateChange::detail)
          .asString()
          .contains("without an attempt", "store error", "connection refused");

      f.clock.advance(PAUSE.minusMillis(1));
      assertThat(f.comms.dispatchDue()).as("not before the pause").isZero();
      f.clock.advance(Duration.ofMillis(1));
      f.comms.dispatchDue();

      Delivery sent = f.only(receipt, ChannelType.EMAIL);
      assertThat(sent.state()).isEqualTo(SENT);
      assertThat(f.deliveryStore.attempts(TENANT, sent.id()))
          .extracting(DeliveryAttempt::number, DeliveryAttempt::outcome)
          .containsExactly(tuple(1, Outcome.ACCEPTED));
    }
  }

  @Test
  void a_permanent_one_still_counts_as_an_attempt_so_that_it_cannot_loop_forever() {
    try (EngineFixture f = new EngineFixture(b -> b.policy(THREE_ATTEMPTS))) {
      Receipt receipt = f.comms.send(hello());
      f.deliveryStore.failMessageReads.add(
          new StoreException("stored message cannot be read", false, null));

      f.comms.dispatchDue();

      Delivery failed = f.only(receipt, ChannelType.EMAIL);
      assertThat(failed.state()).isEqualTo(QUEUED);
      assertThat(failed.attempts()).isEqualTo(1);
      assertThat(failed.scheduledAt()).isEqualTo(T0.plus(Duration.ofMinutes(10)));
    }
  }
}
