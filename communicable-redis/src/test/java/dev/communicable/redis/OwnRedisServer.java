package dev.communicable.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A redis-server of the test's own, on a free port, that the test may stop and start again without
 * disturbing anyone else. Skips the test when the binary is not installed.
 */
final class OwnRedisServer implements AutoCloseable {
  private static final String BINARY = "/usr/bin/redis-server";

  private final int port;
  private final Path dir;
  private final int busPort;
  private final List<String> clusterArgs;
  private Process process;

  private OwnRedisServer(int port, Path dir, int busPort, List<String> clusterArgs) {
    this.port = port;
    this.dir = dir;
    this.busPort = busPort;
    this.clusterArgs = clusterArgs;
  }

  /** Starts a server; the test is skipped when the binary is absent. */
  static OwnRedisServer start() {
    return start(false);
  }

  /**
   * Starts a server with cluster mode on, owning no slots and knowing no other node yet: {@link
   * OwnRedisCluster} joins several into one cluster. The cluster bus listens on a second free port.
   */
  static OwnRedisServer startClusterNode() {
    return start(true);
  }

  private static OwnRedisServer start(boolean clusterNode) {
    assumeTrue(
        new File(BINARY).canExecute(),
        BINARY + " is not installed: these tests need a Redis of their own");
    int port;
    int busPort;
    Path dir;
    List<String> clusterArgs = List.of();
    try (ServerSocket socket = new ServerSocket(0);
        ServerSocket bus = new ServerSocket(0)) {
      port = socket.getLocalPort();
      busPort = bus.getLocalPort();
      dir = Files.createTempDirectory("redis-test");
      if (clusterNode) {
        clusterArgs =
            List.of(
                "--cluster-enabled",
                "yes",
                "--cluster-config-file",
                dir.resolve("nodes-" + port + ".conf").toString(),
                "--cluster-port",
                Integer.toString(busPort));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    OwnRedisServer server = new OwnRedisServer(port, dir, busPort, clusterArgs);
    server.resume();
    return server;
  }

  HostAndPort address() {
    return new HostAndPort("127.0.0.1", port);
  }

  /** The cluster bus port of a {@linkplain #startClusterNode cluster node}. */
  int busPort() {
    return busPort;
  }

  /** Starts the server (again) and waits until it answers. */
  void resume() {
    List<String> command =
        new ArrayList<>(
            List.of(
                BINARY,
                "--port",
                Integer.toString(port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--enable-debug-command",
                "yes",
                "--dir",
                dir.toString()));
    command.addAll(clusterArgs);
    try {
      process =
          new ProcessBuilder(command)
              .redirectErrorStream(true)
              .redirectOutput(dir.resolve("redis.log").toFile())
              .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    await().atMost(Duration.ofSeconds(10)).until(this::answers);
  }

  /** Stops the server and waits until it is gone. */
  void stop() {
    process.destroy();
    try {
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> !answers());
  }

  /** A client of this server alone; the caller closes it. */
  Jedis connect() {
    return new Jedis(
        address(),
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(1000)
            .socketTimeoutMillis(1000)
            .build());
  }

  private boolean answers() {
    try (Jedis jedis =
        new Jedis(
            address(),
            DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(200)
                .socketTimeoutMillis(200)
                .build())) {
      return "PONG".equals(jedis.ping());
    } catch (RuntimeException e) {
      return false;
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      stop();
    }
    try (var files = Files.list(dir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Files.deleteIfExists(f);
      }
      Files.deleteIfExists(dir);
    } catch (IOException e) {
      // A temporary directory left behind is harmless.
    }
  }
}
