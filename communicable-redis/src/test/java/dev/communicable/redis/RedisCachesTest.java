package dev.communicable.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelType;
import dev.communicable.memory.SettableClock;
import dev.communicable.preference.PreferenceChange;
import dev.communicable.preference.Preferences;
import dev.communicable.spi.PreferenceStore;
import dev.communicable.spi.TemplateStore;
import dev.communicable.template.Template;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

@Tag("integration")
class RedisCachesTest {
  private static final Instant T0 = Instant.parse("2025-03-14T09:30:00Z");

  private final String channel = RedisTestServer.uniquePrefix("cache");
  private final JedisPooled jedisA = RedisTestServer.client();
  private final JedisPooled jedisB = RedisTestServer.client();
  private final SettableClock clock = SettableClock.of(T0);
  private final RedisCaches nodeA =
      RedisCaches.builder(jedisA).channel(channel).clock(clock).maxEntries(3).build();
  private final RedisCaches nodeB =
      RedisCaches.builder(jedisB).channel(channel).clock(clock).maxEntries(3).build();
  private final FakeStores.Templates sharedTemplates = new FakeStores.Templates();
  private final FakeStores.PreferencesStore sharedPreferences = new FakeStores.PreferencesStore();

  @AfterEach
  void close() {
    nodeA.close();
    nodeB.close();
    jedisA.close();
    jedisB.close();
  }

  @Test
  @DisplayName("a template published on one node is seen by the other, whose cache is dropped")
  void publish_invalidates_every_node() {
    TemplateStore onA = nodeA.templates(sharedTemplates);
    TemplateStore onB = nodeB.templates(sharedTemplates);
    awaitSubscribed();
    assertThat(onB.active("acme", "welcome")).isEmpty();

    onA.publish("acme", "welcome", body("Hello v1"), "ann", T0);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> onB.active("acme", "welcome").map(Template::version).orElse(0) == 1);
    int readsAfterFirst = sharedTemplates.reads.get();
    assertThat(onB.active("acme", "welcome")).map(Template::version).contains(1);
    assertThat(sharedTemplates.reads.get()).as("served from B's cache").isEqualTo(readsAfterFirst);

    onA.publish("acme", "welcome", body("Hello v2"), "ann", T0);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> onB.active("acme", "welcome").map(Template::version).orElse(0) == 2);
    assertThat(onA.active("acme", "welcome")).map(Template::version).contains(2);
  }

  @Test
  @DisplayName("a rollback (activate) on one node is seen by the other")
  void activate_invalidates_every_node() {
    TemplateStore onA = nodeA.templates(sharedTemplates);
    TemplateStore onB = nodeB.templates(sharedTemplates);
    awaitSubscribed();
    assertThat(onB.active("acme", "welcome")).isEmpty();
    onA.publish("acme", "welcome", body("v1"), "ann", T0);
    onA.publish("acme", "welcome", body("v2"), "ann", T0);
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> onB.active("acme", "welcome").map(Template::version).orElse(0) == 2);

    onA.activate("acme", "welcome", 1);

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> onB.active("acme", "welcome").map(Template::version).orElse(0) == 1);
  }

  @Test
  @DisplayName("published versions are cached, versions not yet published are not")
  void only_found_versions_are_cached() {
    TemplateStore onA = nodeA.templates(sharedTemplates);
    TemplateStore onB = nodeB.templates(sharedTemplates);
    awaitSubscribed();

    assertThat(onB.version("acme", "welcome", 1)).isEmpty();
    onA.publish("acme", "welcome", body("v1"), "ann", T0);
    assertThat(onB.version("acme", "welcome", 1)).isPresent();
    int reads = sharedTemplates.reads.get();
    assertThat(onB.version("acme", "welcome", 1)).isPresent();
    assertThat(sharedTemplates.reads.get()).isEqualTo(reads);
  }

  @Test
  @DisplayName("a preference change saved on one node is seen by the other")
  void preference_change_invalidates_every_node() {
    PreferenceStore onA = nodeA.preferences(sharedPreferences);
    PreferenceStore onB = nodeB.preferences(sharedPreferences);
    awaitSubscribed();
    assertThat(onB.find("acme", "bob")).isEmpty();
    Preferences v1 = prefs(false, 1);

    assertThat(onA.save(new PreferenceChange("acme", "bob", "bob", T0, null, v1, null))).isTrue();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> onB.find("acme", "bob").equals(Optional.of(v1)));
    int reads = sharedPreferences.reads.get();
    assertThat(onB.find("acme", "bob")).contains(v1);
    assertThat(sharedPreferences.reads.get()).as("served from B's cache").isEqualTo(reads);

    Preferences v2 = prefs(true, 2);
    assertThat(onA.save(new PreferenceChange("acme", "bob", "bob", T0, v1, v2, "mute"))).isTrue();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> onB.find("acme", "bob").equals(Optional.of(v2)));
  }

  @Test
  @DisplayName(
      "each cache holds at most its max entries, and entries expire after the time to live")
  void cache_is_bounded_and_expires() {
    PreferenceStore onA = nodeA.preferences(sharedPreferences);
    awaitSubscribed();
    for (String r : new String[] {"r1", "r2", "r3", "r4"}) {
      onA.find("acme", r);
    }
    int reads = sharedPreferences.reads.get();
    onA.find("acme", "r1");
    assertThat(sharedPreferences.reads.get())
        .as("r1 was evicted to keep 3 entries")
        .isEqualTo(reads + 1);
    onA.find("acme", "r4");
    assertThat(sharedPreferences.reads.get()).isEqualTo(reads + 1);

    clock.advance(Duration.ofMinutes(10));
    onA.find("acme", "r4");
    assertThat(sharedPreferences.reads.get()).as("expired").isEqualTo(reads + 2);
  }

  @Test
  @DisplayName("after close() the stores read through and the subscriber thread is gone")
  void closed_caches_read_through() {
    TemplateStore onA = nodeA.templates(sharedTemplates);
    awaitSubscribed();
    onA.active("acme", "welcome");

    nodeA.close();
    int reads = sharedTemplates.reads.get();
    onA.active("acme", "welcome");

    assertThat(sharedTemplates.reads.get()).isEqualTo(reads + 1);
    assertThat(nodeA.isSubscribed()).isFalse();
  }

  @Test
  @DisplayName("bad input is rejected with the field named")
  void rejects_bad_input() {
    assertThatThrownBy(() -> nodeA.templates(null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("store: must not be null");
    assertThatThrownBy(() -> RedisCaches.builder(jedisA).maxEntries(0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("maxEntries: must be at least 1, was 0");
    assertThatThrownBy(() -> RedisCaches.builder(jedisA).timeToLive(Duration.ZERO))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("timeToLive: must be positive, was PT0S");
  }

  private void awaitSubscribed() {
    await().atMost(Duration.ofSeconds(5)).until(() -> nodeA.isSubscribed() && nodeB.isSubscribed());
  }

  private static Map<Template.Variant, Content> body(String text) {
    return Map.of(Template.Variant.of(ChannelType.SMS), Content.text(text));
  }

  private static Preferences prefs(boolean muted, long version) {
    return new Preferences("acme", "bob", Map.of(), Map.of(), muted, null, true, version);
  }
}
