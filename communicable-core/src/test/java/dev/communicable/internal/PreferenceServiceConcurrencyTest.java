package dev.communicable.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import dev.communicable.memory.InMemoryEventBus;
import dev.communicable.memory.InMemoryStores;
import dev.communicable.memory.SettableClock;
import dev.communicable.preference.PreferenceChange;
import dev.communicable.preference.Preferences;
import dev.communicable.spi.CommunicationEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The preference center on the in-memory stores, with writers racing on one recipient. */
class PreferenceServiceConcurrencyTest {
  private static final int WRITERS = 4;
  private static final int CHANGES_EACH = 25;

  private final InMemoryStores stores = InMemoryStores.create();
  private final InMemoryEventBus bus = new InMemoryEventBus();
  private final SettableClock clock = SettableClock.of(Instant.parse("2025-03-01T10:00:00Z"));
  private final PreferenceService center = new PreferenceService(stores.preferences(), bus, clock);
  private final ExecutorService pool = Executors.newFixedThreadPool(WRITERS);

  @AfterEach
  void stop() throws InterruptedException {
    pool.shutdownNow();
    assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    bus.close();
  }

  @Test
  void racing_writers_lose_no_change_and_each_is_audited_and_announced() throws Exception {
    AtomicInteger announced = new AtomicInteger();
    bus.subscribe(
        e -> {
          if (e.type().equals(CommunicationEvent.PREFERENCES_CHANGED)) {
            announced.incrementAndGet();
          }
        });
    CountDownLatch start = new CountDownLatch(1);
    List<Future<?>> done = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      done.add(
          pool.submit(
              () -> {
                start.await();
                for (int i = 0; i < CHANGES_EACH; i++) {
                  String topic = "topic-" + writer + "-" + i;
                  center.update(
                      "acme",
                      "u1",
                      "writer-" + writer,
                      null,
                      e -> e.topic(topic, ChannelType.SMS, false));
                }
                return null;
              }));
    }
    start.countDown();
    for (Future<?> f : done) {
      f.get(30, TimeUnit.SECONDS);
    }

    Preferences result = center.get("acme", "u1");
    assertThat(result.version()).isEqualTo(WRITERS * CHANGES_EACH);
    assertThat(result.topics()).hasSize(WRITERS * CHANGES_EACH);
    assertThat(result.allows("topic-3-24", ChannelType.SMS, Priority.NORMAL)).isFalse();
    List<PreferenceChange> history = center.history("acme", "u1", 1000);
    assertThat(history).hasSize(WRITERS * CHANGES_EACH);
    assertThat(history.get(0).after()).isEqualTo(result);
    for (int i = 0; i + 1 < history.size(); i++) {
      assertThat(history.get(i).before()).isEqualTo(history.get(i + 1).after());
    }
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(announced).hasValue(WRITERS * CHANGES_EACH));
  }
}
