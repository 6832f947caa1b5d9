package dev.communicable.engine;

import static dev.communicable.delivery.DeliveryState.DEAD_LETTERED;
import static dev.communicable.delivery.DeliveryState.QUEUED;
import static dev.communicable.delivery.DeliveryState.SENDING;
import static dev.communicable.delivery.DeliveryState.SENT;
import static dev.communicable.engine.EngineFixture.TENANT;
import static dev.communicable.engine.EngineFixture.alice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;

import dev.communicable.Content;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.DeliveryAttempt.Outcome;
import dev.communicable.delivery.StateChange;
import dev.communicable.policy.DeliveryPolicy;
import dev.communicable.policy.Retry;
import dev.communicable.policy.Throttle;
import dev.communicable.spi.Throttler;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("A delivery that kills, hangs or breaks its worker")
class PoisonPillTest {
  private static final Duration LEASE = Duration.ofMinutes(1);

  /** Three attempts, one minute apart, no jitter. */
  private static final DeliveryPolicy THREE_ATTEMPTS =
      DeliveryPolicy.builder()
          .retry(Retry.schedule(Duration.ofMinutes(1), Duration.ofMinutes(1)).jitter(0))
          .fallback(ChannelType.EMAIL, ChannelType.SMS)
          .build();

  /** What the adapter throws to stand for a worker that dies in the middle of a send. */
  private static final class WorkerDeath extends Error {
    private static final long serialVersionUID = 1L;

    WorkerDeath() {
      super("the worker died while sending");
    }
  }

  private static Notification.Builder hello() {
    return Notification.event("hello").to(alice()).content(Content.text("Hello"));
  }

  private static List<String> details(EngineFixture f, Receipt r, Delivery d) {
    List<String> out = new ArrayList<>();
    for (StateChange c : f.comms.timeline(r)) {
      if (c.deliveryId().equals(d.id())) {
        out.add(c.detail());
      }
    }
    return out;
  }

  @Test
  void is_dead_lettered_after_three_take_overs_when_every_send_kills_the_worker() {
    try (EngineFixture f =
        new EngineFixture(b -> b.policy(THREE_ATTEMPTS).lease(LEASE).workerId("node-a"))) {
      f.email.respondWith(
          m -> {
            throw new WorkerDeath();
          });
      Receipt receipt = f.comms.send(hello());

      assertThatThrownBy(f.comms::dispatchDue).isInstanceOf(WorkerDeath.class);
      assertThat(f.only(receipt, ChannelType.EMAIL).state()).isEqualTo(SENDING);
      assertThat(f.comms.dispatchDue()).as("nothing to take over while the lease holds").isZero();

      for (int round = 2; round <= 3; round++) {
        f.clock.advance(LEASE.plusSeconds(1));
        assertThatThrownBy(f.comms::dispatchDue).isInstanceOf(WorkerDeath.class);
      }
      assertThat(f.deliveryStore.find(TENANT, f.only(receipt, ChannelType.EMAIL).id()))
          .hasValueSatisfying(s -> assertThat(s.takeovers()).isEqualTo(2));
      f.clock.advance(LEASE.plusSeconds(1));
      f.comms.dispatchDue(); // the third take-over: dead letter without a send, SMS fallback

      Delivery email = f.only(receipt, ChannelType.EMAIL);
      assertThat(email.state()).isEqualTo(DEAD_LETTERED);
      assertThat(email.attempts()).as("no attempt was ever recorded").isZero();
      assertThat(f.email.sent()).as("the adapter was entered three times").hasSize(3);
      assertThat(f.deliveryStore.attempts(TENANT, email.id())).isEmpty();
      assertThat(f.deliveryStore.find(TENANT, email.id()))
          .hasValueSatisfying(s -> assertThat(s.takeovers()).isEqualTo(3));
      String reason =
          "taken over 3 times, each time after its worker's lease ran out while sending (last"
              + " worker node-a/caller)";
      assertThat(email.lastError()).isEqualTo(reason);
      assertThat(details(f, receipt, email)).contains("dead-lettered: " + reason);
      assertThat(f.only(receipt, ChannelType.SMS).state()).isEqualTo(SENT);
      assertThat(f.comms.dispatchDue()).as("it loops no more").isZero();
    }
  }

  @Test
  void a_delivery_taken_over_once_keeps_attempt_count_zero_and_is_sent_as_attempt_one() {
    try (EngineFixture f = new EngineFixture(b -> b.policy(THREE_ATTEMPTS).lease(LEASE))) {
      Receipt receipt = f.comms.send(hello());
      // another node claims it, then dies without a word
      assertThat(f.deliveryStore.claim("node-b/1", 10, f.clock.instant(), LEASE)).hasSize(1);

      f.clock.advance(LEASE.plusSeconds(1));
      assertThat(f.comms.dispatchDue()).isEqualTo(1);

      Delivery email = f.only(receipt, ChannelType.EMAIL);
      assertThat(email.state()).isEqualTo(SENT);
      assertThat(email.attempts()).isEqualTo(1);
      assertThat(f.email.sent()).extracting(OutboundMessage::attempt).containsExactly(1);
      assertThat(f.deliveryStore.attempts(TENANT, email.id()))
          .extracting(DeliveryAttempt::number, DeliveryAttempt::outcome)
          .containsExactly(tuple(1, Outcome.ACCEPTED));
      assertThat(f.deliveryStore.find(TENANT, email.id()))
          .hasValueSatisfying(s -> assertThat(s.takeovers()).isOne());
      assertThat(details(f, receipt, email))
          .anyMatch(d -> d != null && d.startsWith("lease of node-b/1 expired; claimed by "))
          .noneMatch(d -> d != null && d.contains("lost"));
    }
  }

  @Test
  void an_internal_error_counts_as_an_attempt_and_spent_attempts_dead_letter() {
    Throttler broken =
        permits -> {
          throw new IllegalStateException("rate limiter down");
        };
    DeliveryPolicy policy =
        DeliveryPolicy.builder()
            .retry(Retry.schedule(Duration.ofMinutes(1), Duration.ofMinutes(1)).jitter(0))
            .fallback(ChannelType.EMAIL, ChannelType.SMS)
            .throttle(Throttle.perRecipient(ChannelType.EMAIL, 5, Duration.ofHours(1)))
            .build();
    try (EngineFixture f = new EngineFixture(b -> b.policy(policy).throttler(broken))) {
      Receipt receipt = f.comms.send(hello());

      f.comms.dispatchDue();
      Delivery first = f.only(receipt, ChannelType.EMAIL);
      assertThat(first.state()).isEqualTo(QUEUED);
      assertThat(first.attempts()).isEqualTo(1);
      assertThat(first.scheduledAt()).isEqualTo(EngineFixture.T0.plus(Duration.ofMinutes(1)));

      f.clock.advance(Duration.ofMinutes(1));
      f.comms.dispatchDue();
      f.clock.advance(Duration.ofMinutes(1));
      f.comms.dispatchDue();

      Delivery email = f.only(receipt, ChannelType.EMAIL);
      assertThat(email.state()).isEqualTo(DEAD_LETTERED);
      assertThat(f.deliveryStore.attempts(TENANT, email.id()))
          .hasSize(3)
          .allSatisfy(
              a -> {
                assertThat(a.outcome()).isEqualTo(Outcome.ERROR);
                assertThat(a.provider()).isEqualTo("engine");
                assertThat(a.error())
                    .isEqualTo("internal error: IllegalStateException: rate limiter down");
              });
      assertThat(f.email.sent()).isEmpty();
      assertThat(f.only(receipt, ChannelType.SMS).state()).isEqualTo(SENT);
    }
  }

  @Test
  void a_claimed_delivery_not_started_before_half_its_lease_is_handed_back_without_an_attempt() {
    try (EngineFixture f = new EngineFixture(b -> b.lease(LEASE).batchSize(10))) {
      f.email.respondWith(
          m -> {
            f.clock.advance(LEASE.dividedBy(2)); // a slow provider: the batch's lease runs down
            return SendResult.accepted("smtp", "id-" + m.recipientId());
          });
      List<Receipt> receipts =
          f.comms.sendAll(
              List.of(
                  hello().build(),
                  Notification.event("hello")
                      .to(EngineFixture.user("bob", "bob@example.com", null))
                      .content(Content.text("Hello"))
                      .build()));

      assertThat(f.comms.dispatchDue()).isEqualTo(2);

      for (Receipt r : receipts) {
        Delivery d = f.only(r, ChannelType.EMAIL);
        assertThat(d.state()).isEqualTo(SENT);
        assertThat(f.deliveryStore.attempts(TENANT, d.id()))
            .singleElement()
            .satisfies(a -> assertThat(a.outcome()).isEqualTo(Outcome.ACCEPTED));
      }
      assertThat(receipts)
          .as("the one that waited behind the slow send was handed back once, then sent")
          .filteredOn(
              r ->
                  details(f, r, f.only(r, ChannelType.EMAIL)).stream()
                      .anyMatch(
                          d ->
                              d != null
                                  && d.startsWith("half its lease spent before it was started")))
          .hasSize(1);
    }
  }

  @Test
  void the_watch_hands_back_the_batch_of_a_worker_stuck_in_a_send() throws Exception {
    CountDownLatch inSend = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    EngineFixture f =
        new EngineFixture(
            b -> b.workers(1).batchSize(10).lease(LEASE).pollInterval(Duration.ofMillis(20)));
    try (f) {
      f.email.respondWith(
          m -> {
            if (inSend.getCount() > 0) {
              inSend.countDown();
              try {
                release.await(10, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
            return SendResult.accepted("smtp", "id-" + m.recipientId());
          });
      List<Notification> batch = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        batch.add(
            Notification.event("hello")
                .to(EngineFixture.user("u" + i, "u" + i + "@example.com", null))
                .content(Content.text("Hello"))
                .build());
      }
      List<Receipt> receipts = f.comms.sendAll(batch);
      assertThat(inSend.await(5, TimeUnit.SECONDS)).as("the worker is stuck in a send").isTrue();

      f.clock.advance(LEASE.dividedBy(2));
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(receipts)
                      .map(r -> f.only(r, ChannelType.EMAIL).state())
                      .containsExactlyInAnyOrder(SENDING, QUEUED, QUEUED, QUEUED));
      assertThat(receipts)
          .map(r -> f.only(r, ChannelType.EMAIL))
          .filteredOn(d -> d.state() == QUEUED)
          .allSatisfy(d -> assertThat(d.attempts()).isZero());

      release.countDown();
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(
              () ->
                  assertThat(receipts)
                      .map(r -> f.only(r, ChannelType.EMAIL))
                      .allSatisfy(
                          d -> {
                            assertThat(d.state()).isEqualTo(SENT);
                            assertThat(d.attempts()).isEqualTo(1);
                          }));
    }
  }
}
