package dev.communicable.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.communicable.InvalidRequestException;
import dev.communicable.spi.CommunicationEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

/**
 * What only the Redis bus does: events cross nodes as JSON, and it owns threads. What every bus
 * does is the testkit's contract, run by {@link RedisEventBusContractTest}.
 */
@Tag("integration")
class RedisEventBusTest {
  private final String channel = RedisTestServer.uniquePrefix("events");
  private final JedisPooled jedisA = RedisTestServer.client();
  private final JedisPooled jedisB = RedisTestServer.client();
  private final RedisEventBus nodeA = RedisEventBus.builder(jedisA).channel(channel).build();
  private final RedisEventBus nodeB = RedisEventBus.builder(jedisB).channel(channel).build();

  @AfterEach
  void close() {
    nodeA.close();
    nodeB.close();
    jedisA.close();
    jedisB.close();
  }

  @Test
  @DisplayName("an event published on one node reaches the listeners of every node")
  void events_reach_every_node() {
    List<CommunicationEvent> seenByA = new CopyOnWriteArrayList<>();
    List<CommunicationEvent> seenByB = new CopyOnWriteArrayList<>();
    nodeA.subscribe(seenByA::add);
    nodeB.subscribe(seenByB::add);
    awaitSubscribed();
    CommunicationEvent event =
        new CommunicationEvent(
            CommunicationEvent.INBOX_ITEM_ADDED,
            "acme",
            Map.of("recipientId", "bob", "deliveryId", "d-1", "messageId", "m-1"),
            Instant.parse("2025-03-14T09:30:00.123456Z"));

    nodeA.publish(event);

    await().atMost(Duration.ofSeconds(5)).until(() -> seenByB.size() == 1 && seenByA.size() == 1);
    assertThat(seenByB).containsExactly(event);
    assertThat(seenByA).containsExactly(event);
  }

  @Test
  @DisplayName("events cross the wire as flat JSON")
  void events_are_flat_json() throws Exception {
    List<String> raw = new CopyOnWriteArrayList<>();
    var pubSub =
        new redis.clients.jedis.JedisPubSub() {
          @Override
          public void onMessage(String ch, String message) {
            raw.add(message);
          }
        };
    Thread listener = new Thread(() -> jedisB.subscribe(pubSub, channel), "test-raw-listener");
    listener.start();
    try {
      await().atMost(Duration.ofSeconds(5)).until(pubSub::isSubscribed);
      nodeA.publish(
          new CommunicationEvent(
              CommunicationEvent.DELIVERY_STATE_CHANGED,
              "acme",
              Map.of("deliveryId", "d-1"),
              Instant.parse("2025-03-14T09:30:00Z")));

      await().atMost(Duration.ofSeconds(5)).until(() -> raw.size() == 1);
      assertThat(raw.get(0))
          .isEqualTo(
              "{\"type\":\"delivery.state_changed\",\"tenantId\":\"acme\","
                  + "\"attributes\":{\"deliveryId\":\"d-1\"},\"at\":\"2025-03-14T09:30:00Z\"}");
    } finally {
      pubSub.unsubscribe();
      listener.join(5_000);
    }
  }

  @Test
  @DisplayName("a message on the channel that is not an event is ignored")
  void messages_that_are_not_events_are_ignored() {
    List<CommunicationEvent> seen = new CopyOnWriteArrayList<>();
    nodeB.subscribe(seen::add);
    awaitSubscribed();

    jedisA.publish(channel, "not an event");
    nodeA.publish(event("acme"));

    await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);
    assertThat(seen).extracting(CommunicationEvent::tenantId).containsExactly("acme");
  }

  @Test
  @DisplayName("close() ends the bus's threads")
  void close_ends_threads() {
    awaitSubscribed();

    nodeA.close();
    nodeB.close();

    await()
        .atMost(Duration.ofSeconds(5))
        .until(
            () ->
                Thread.getAllStackTraces().keySet().stream()
                    .noneMatch(t -> t.getName().startsWith("communicable-events-")));
  }

  @Test
  @DisplayName("bad input is rejected with the field named")
  void rejects_bad_input() {
    assertThatThrownBy(() -> RedisEventBus.builder(jedisA).queueCapacity(0))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("queueCapacity: must be at least 1, was 0");
  }

  private void awaitSubscribed() {
    await().atMost(Duration.ofSeconds(5)).until(() -> nodeA.isSubscribed() && nodeB.isSubscribed());
  }

  private static CommunicationEvent event(String tenant) {
    return new CommunicationEvent(
        CommunicationEvent.INBOX_ITEM_READ,
        tenant,
        Map.of("recipientId", "bob"),
        Instant.parse("2025-03-14T09:30:00Z"));
  }
}
