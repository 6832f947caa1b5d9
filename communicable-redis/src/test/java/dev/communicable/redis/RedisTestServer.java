package dev.communicable.redis;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.util.UUID;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPooled;

/**
 * The Redis the integration tests share: {@code COMMUNICABLE_TEST_REDIS_URL} when set, else
 * 127.0.0.1:6379 when it answers, else a Testcontainers Redis where Docker runs. Tests keep apart
 * by key prefix, never by flushing.
 */
final class RedisTestServer {
  private static HostAndPort address;

  private RedisTestServer() {}

  /** The server's address; the test is skipped when there is none. */
  static synchronized HostAndPort address() {
    if (address == null) {
      address = find();
    }
    assumeTrue(
        address != null,
        "no Redis: set COMMUNICABLE_TEST_REDIS_URL, run one on 127.0.0.1:6379, or run Docker");
    return address;
  }

  /** A pooled client with short timeouts; the caller closes it. */
  static JedisPooled client() {
    return client(address());
  }

  static JedisPooled client(HostAndPort at) {
    return new JedisPooled(
        at,
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(500)
            .socketTimeoutMillis(500)
            .build());
  }

  /** A key prefix no other test uses. */
  static String uniquePrefix(String what) {
    return "test:" + what + ":" + UUID.randomUUID() + ":";
  }

  private static HostAndPort find() {
    String url = System.getenv("COMMUNICABLE_TEST_REDIS_URL");
    if (url != null && !url.isBlank()) {
      URI uri = URI.create(url);
      return new HostAndPort(uri.getHost(), uri.getPort() < 0 ? 6379 : uri.getPort());
    }
    HostAndPort local = new HostAndPort("127.0.0.1", 6379);
    if (answers(local)) {
      return local;
    }
    return fromTestcontainers();
  }

  private static boolean answers(HostAndPort at) {
    try (Jedis jedis =
        new Jedis(
            at,
            DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(300)
                .socketTimeoutMillis(300)
                .build())) {
      return "PONG".equals(jedis.ping());
    } catch (RuntimeException e) {
      return false;
    }
  }

  @SuppressWarnings("resource") // stopped by Testcontainers' reaper when the JVM ends
  private static HostAndPort fromTestcontainers() {
    try {
      if (!org.testcontainers.DockerClientFactory.instance().isDockerAvailable()) {
        return null;
      }
      var container =
          new org.testcontainers.containers.GenericContainer<>(
                  org.testcontainers.utility.DockerImageName.parse("redis:7-alpine"))
              .withExposedPorts(6379);
      container.start();
      return new HostAndPort(container.getHost(), container.getMappedPort(6379));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
