package dev.communicable.engine;

import static dev.communicable.delivery.DeliveryState.QUEUED;
import static dev.communicable.delivery.DeliveryState.SENDING;
import static dev.communicable.delivery.DeliveryState.SENT;
import static dev.communicable.engine.EngineFixture.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.communicable.Communication;
import dev.communicable.Content;
import dev.communicable.Notification;
import dev.communicable.Receipt;
import dev.communicable.channel.ChannelType;
import dev.communicable.channel.SendResult;
import dev.communicable.delivery.Delivery;
import dev.communicable.memory.RecordingChannelAdapter;
import dev.communicable.spi.Stores;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Background workers")
class WorkerThreadsTest {

  private static List<Notification> notifications(int count) {
    List<Notification> out = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      out.add(
          Notification.event("hello")
              .to(user("u" + i, "u" + i + "@example.com", null))
              .content(Content.text("Hello"))
              .build());
    }
    return out;
  }

  private static List<Thread> workerThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("communicable-worker-") && t.isAlive())
        .toList();
  }

  /** True when every worker thread is parked, waiting for work. */
  private static boolean workersIdle() {
    List<Thread> workers = workerThreads();
    return !workers.isEmpty() && workers.stream().allMatch(WorkerThreadsTest::waiting);
  }

  private static boolean waiting(Thread t) {
    Thread.State state = t.getState();
    return state == Thread.State.WAITING || state == Thread.State.TIMED_WAITING;
  }

  private static List<Delivery> all(EngineFixture f, List<Receipt> receipts) {
    return receipts.stream().flatMap(r -> f.deliveries(r).stream()).toList();
  }

  @Test
  void named_workers_deliver_in_the_background_and_stop_on_close() {
    EngineFixture f =
        new EngineFixture(b -> b.workers(2).batchSize(5).pollInterval(Duration.ofMillis(50)));
    List<Receipt> receipts = f.comms.sendAll(notifications(40));

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(all(f, receipts)).allMatch(d -> d.state() == SENT));
    assertThat(f.email.sent()).hasSize(40);
    assertThat(workerThreads())
        .extracting(Thread::getName)
        .contains("communicable-worker-1", "communicable-worker-2");

    f.close();
    assertThat(workerThreads()).isEmpty();
  }

  @Test
  void work_wakes_idle_workers_without_waiting_for_the_poll() {
    // a poll interval far longer than the wait: only the work signal can wake the worker in time
    EngineFixture f = new EngineFixture(b -> b.workers(1).pollInterval(Duration.ofMinutes(10)));
    try (f) {
      await().atMost(Duration.ofSeconds(10)).until(WorkerThreadsTest::workersIdle);
      List<Receipt> receipts = f.comms.sendAll(notifications(3));
      await()
          .atMost(Duration.ofSeconds(5))
          .untilAsserted(() -> assertThat(all(f, receipts)).allMatch(d -> d.state() == SENT));
    }
  }

  @Test
  void close_lets_the_send_in_progress_finish_and_returns_the_rest_to_the_queue() throws Exception {
    CountDownLatch inSend = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    EngineFixture f =
        new EngineFixture(b -> b.workers(1).batchSize(10).shutdownTimeout(Duration.ofSeconds(10)));
    f.email.respondWith(
        m -> {
          inSend.countDown();
          try {
            release.await(10, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
          return SendResult.accepted("smtp", "id-" + m.recipientId());
        });
    List<Receipt> receipts = f.comms.sendAll(notifications(5));
    assertThat(inSend.await(5, TimeUnit.SECONDS)).as("the worker is sending").isTrue();

    Thread closing = new Thread(f.comms::close, "closing");
    closing.start();
    await().atMost(Duration.ofSeconds(10)).until(() -> waiting(closing));
    assertThat(closing.isAlive()).as("close waits for the send in progress").isTrue();
    release.countDown();
    closing.join(TimeUnit.SECONDS.toMillis(10));
    assertThat(closing.isAlive()).isFalse();

    List<Delivery> after = all(f, receipts);
    assertThat(after).filteredOn(d -> d.state() == SENT).hasSize(1);
    assertThat(after).filteredOn(d -> d.state() == QUEUED).hasSize(4);
    assertThat(after).noneMatch(d -> d.state() == SENDING);
    assertThat(workerThreads()).isEmpty();

    // nothing was lost: another engine on the same stores delivers the rest
    RecordingChannelAdapter smtp = new RecordingChannelAdapter(ChannelType.EMAIL, "smtp");
    try (Communication next =
        Communication.builder().stores(f.stores).clock(f.clock).workers(0).adapter(smtp).build()) {
      assertThat(next.dispatchDue()).isEqualTo(4);
    }
    assertThat(smtp.sent()).hasSize(4);
    assertThat(all(f, receipts)).allMatch(d -> d.state() == SENT);
  }

  @Test
  void a_send_stuck_past_the_shutdown_timeout_is_interrupted_and_nothing_stays_leased() {
    EngineFixture f =
        new EngineFixture(b -> b.workers(1).batchSize(10).shutdownTimeout(Duration.ofMillis(200)));
    CountDownLatch inSend = new CountDownLatch(1);
    f.email.respondWith(
        m -> {
          inSend.countDown();
          try {
            new CountDownLatch(1).await(30, TimeUnit.SECONDS);
            return SendResult.accepted("smtp", "late");
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending", e);
          }
        });
    List<Receipt> receipts = f.comms.sendAll(notifications(3));
    await().atMost(Duration.ofSeconds(5)).until(() -> inSend.getCount() == 0);

    f.close();

    assertThat(workerThreads()).isEmpty();
    assertThat(all(f, receipts)).hasSize(3).allMatch(d -> d.state() == QUEUED);
  }

  @Test
  void a_build_that_fails_half_way_closes_what_it_started_and_leaves_no_thread_running() {
    EngineFixture f = new EngineFixture();
    f.close();
    Stores refusing =
        Stores.from(f.memory)
            .deliveries(
                new WatchedDeliveryStore(f.memory.deliveries()) {
                  @Override
                  public AutoCloseable onWorkAvailable(Runnable callback) {
                    throw new IllegalStateException("cannot listen for work");
                  }
                })
            .build();

    long before = eventBusThreads();

    // the default event bus starts a thread before the store refuses
    assertThatThrownBy(() -> Communication.builder().stores(refusing).workers(2).build())
        .hasMessage("cannot listen for work");

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(eventBusThreads()).isLessThanOrEqualTo(before));
    assertThat(workerThreads()).isEmpty();
  }

  private static long eventBusThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().equals("communicable-event-bus"))
        .count();
  }
}
