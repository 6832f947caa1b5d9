package dev.communicable.redis;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.Protocol;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A Redis Cluster of the test's own: three masters, no replicas, each a {@link OwnRedisServer} on
 * free ports, owning a third of the 16384 slots. Skips the test when the binary is not installed.
 */
final class OwnRedisCluster implements AutoCloseable {
  private static final int SLOTS = 16384;

  private final List<OwnRedisServer> nodes = new ArrayList<>();

  private OwnRedisCluster() {}

  /** Starts three nodes, joins them into one cluster and waits until every node says it is ok. */
  static OwnRedisCluster start() {
    OwnRedisCluster cluster = new OwnRedisCluster();
    try {
      for (int i = 0; i < 3; i++) {
        cluster.nodes.add(OwnRedisServer.startClusterNode());
      }
      cluster.form();
      return cluster;
    } catch (RuntimeException | Error e) {
      cluster.close();
      throw e;
    }
  }

  private void form() {
    for (int i = 0; i < nodes.size(); i++) {
      try (Jedis node = nodes.get(i).connect()) {
        // Distinct epochs from the start, as redis-cli --cluster create gives them.
        node.sendCommand(Protocol.Command.CLUSTER, "SET-CONFIG-EPOCH", Integer.toString(i + 1));
        node.clusterAddSlotsRange(firstSlot(i), firstSlot(i + 1) - 1);
      }
    }
    try (Jedis first = nodes.get(0).connect()) {
      for (OwnRedisServer other : nodes.subList(1, nodes.size())) {
        HostAndPort at = other.address();
        first.sendCommand(
            Protocol.Command.CLUSTER,
            "MEET",
            at.getHost(),
            Integer.toString(at.getPort()),
            Integer.toString(other.busPort()));
      }
    }
    await()
        .atMost(Duration.ofSeconds(30))
        .pollInterval(Duration.ofMillis(50))
        .until(() -> nodes.stream().allMatch(OwnRedisCluster::isOk));
  }

  private static boolean isOk(OwnRedisServer server) {
    try (Jedis node = server.connect()) {
      String info = node.clusterInfo();
      return info.contains("cluster_state:ok") && info.contains("cluster_known_nodes:3");
    }
  }

  private int firstSlot(int node) {
    return SLOTS * node / nodes.size();
  }

  /** A cluster client with short timeouts; the caller closes it. */
  JedisCluster client() {
    Set<HostAndPort> seeds = new LinkedHashSet<>();
    nodes.forEach(n -> seeds.add(n.address()));
    return new JedisCluster(
        seeds,
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(1000)
            .socketTimeoutMillis(1000)
            .build());
  }

  /** The three nodes, in slot order. */
  List<OwnRedisServer> nodes() {
    return List.copyOf(nodes);
  }

  /** The node that owns {@code key}'s slot. */
  OwnRedisServer ownerOf(String key) {
    int slot = JedisClusterCRC16.getSlot(key);
    for (int i = nodes.size() - 1; i >= 0; i--) {
      if (slot >= firstSlot(i)) {
        return nodes.get(i);
      }
    }
    throw new IllegalStateException("no node owns slot " + slot);
  }

  /** Empties the script cache of every node, as a restart would. */
  void flushScripts() {
    flushScripts(nodes);
  }

  /** Empties the script cache of {@code some} of the nodes. */
  void flushScripts(List<OwnRedisServer> some) {
    for (OwnRedisServer server : some) {
      try (Jedis node = server.connect()) {
        node.scriptFlush();
      }
    }
  }

  /** Whether each node (in slot order) holds the script {@code sha}. */
  List<Boolean> scriptLoaded(String sha) {
    List<Boolean> loaded = new ArrayList<>();
    for (OwnRedisServer server : nodes) {
      try (Jedis node = server.connect()) {
        loaded.add(node.scriptExists(sha));
      }
    }
    return loaded;
  }

  /** Stops every node and deletes their directories. */
  @Override
  public void close() {
    for (OwnRedisServer server : nodes) {
      server.close();
    }
  }
}
