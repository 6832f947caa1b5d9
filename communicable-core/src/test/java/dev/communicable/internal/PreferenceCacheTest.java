package dev.communicable.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.communicable.memory.InMemoryEventBus;
import dev.communicable.memory.InMemoryStores;
import dev.communicable.memory.SettableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("Preferences cached for dispatch stay fresh")
class PreferenceCacheTest {
  private static final String TENANT = "acme";

  private final InMemoryStores stores = InMemoryStores.create();
  private final InMemoryEventBus bus = new InMemoryEventBus();
  private final InMemoryEventBus elsewhere = new InMemoryEventBus();
  private final SettableClock clock = SettableClock.of(Instant.parse("2025-03-01T10:00:00Z"));
  private final PreferenceService center = new PreferenceService(stores.preferences(), bus, clock);
  private final PreferenceCache cache = center.cache();
  private final AutoCloseable subscription = bus.subscribe(cache::onEvent);

  @AfterEach
  void close() throws Exception {
    subscription.close();
    bus.close();
    elsewhere.close();
  }

  private static void mute(PreferenceService service) {
    service.update(TENANT, "alice", "alice", null, e -> e.muted(true));
  }

  @Test
  void an_update_through_this_engine_is_seen_at_once() {
    assertThat(cache.get(TENANT, "alice").muted()).isFalse();

    mute(center);

    // the clock stands still: only the update itself can have refreshed the cache
    assertThat(cache.get(TENANT, "alice").muted()).isTrue();
  }

  @Test
  void an_update_on_another_node_arrives_through_the_event_bus() {
    PreferenceService otherNode = new PreferenceService(stores.preferences(), bus, clock);
    assertThat(cache.get(TENANT, "alice").muted()).isFalse();

    mute(otherNode);

    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(cache.get(TENANT, "alice").muted()).isTrue());
  }

  @Test
  void a_change_without_an_event_is_seen_once_the_freshness_window_has_passed() {
    PreferenceService unannounced = new PreferenceService(stores.preferences(), elsewhere, clock);
    assertThat(cache.get(TENANT, "alice").muted()).isFalse();

    mute(unannounced);

    assertThat(cache.get(TENANT, "alice").muted()).as("trusted within the window").isFalse();
    clock.advance(PreferenceCache.FRESH_FOR.minusMillis(1));
    assertThat(cache.get(TENANT, "alice").muted()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(cache.get(TENANT, "alice").muted()).isTrue();
  }

  @Test
  void the_reads_for_the_center_itself_always_go_to_the_store() {
    PreferenceService unannounced = new PreferenceService(stores.preferences(), elsewhere, clock);
    assertThat(center.get(TENANT, "alice").muted()).isFalse();
    cache.get(TENANT, "alice");

    mute(unannounced);

    assertThat(center.get(TENANT, "alice").muted()).isTrue();
  }

  @Test
  void holds_at_most_its_capacity_of_recipients() {
    for (int i = 0; i < PreferenceCache.CAPACITY + 100; i++) {
      cache.get(TENANT, "user-" + i);
    }

    assertThat(cache.size()).isEqualTo(PreferenceCache.CAPACITY);
  }
}
