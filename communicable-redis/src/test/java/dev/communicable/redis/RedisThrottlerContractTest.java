package dev.communicable.redis;

import dev.communicable.spi.Throttler;
import dev.communicable.testkit.ThrottlerContract;
import org.junit.jupiter.api.Tag;
import redis.clients.jedis.JedisPooled;

/** The testkit's throttler contract, on a real Redis (real time: the server's clock). */
@Tag("integration")
class RedisThrottlerContractTest extends ThrottlerContract {
  private JedisPooled jedis;

  @Override
  protected Throttler createThrottler() {
    jedis = RedisTestServer.client();
    return RedisThrottler.builder(jedis)
        .keyPrefix(RedisTestServer.uniquePrefix("contract"))
        .build();
  }

  @Override
  protected void closeThrottler(Throttler throttler) {
    jedis.close();
  }
}
