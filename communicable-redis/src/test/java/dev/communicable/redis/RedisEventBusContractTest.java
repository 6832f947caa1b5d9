package dev.communicable.redis;

import static org.awaitility.Awaitility.await;

import dev.communicable.spi.EventBus;
import dev.communicable.testkit.EventBusContract;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import redis.clients.jedis.JedisPooled;

/** The testkit's event bus contract, on a real Redis, one channel per test. */
@Tag("integration")
class RedisEventBusContractTest extends EventBusContract {
  private JedisPooled jedis;

  @Override
  protected EventBus createEventBus() {
    jedis = RedisTestServer.client();
    return RedisEventBus.builder(jedis).channel(RedisTestServer.uniquePrefix("events")).build();
  }

  @Override
  protected void awaitListening(EventBus bus) {
    await().atMost(Duration.ofSeconds(5)).until(((RedisEventBus) bus)::isSubscribed);
  }

  @Override
  protected void closeEventBus(EventBus bus) {
    jedis.close();
  }
}
