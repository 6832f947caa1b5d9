package dev.communicable.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.communicable.InvalidRequestException;
import dev.communicable.channel.ChannelType;
import dev.communicable.memory.SettableClock;
import dev.communicable.redis.internal.LuaScript;
import dev.communicable.spi.BudgetDecision;
import dev.communicable.spi.TenantBudget;
import dev.communicable.spi.ThrottleDecision;
import dev.communicable.spi.ThrottlePermit;
import dev.communicable.spi.Throttler;
import dev.communicable.testkit.ThrottlerContract;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisClusterOperationException;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * The throttler and the tenant budgets on a real Redis Cluster of three masters, started by the
 * test.
 */
@Tag("integration")
class RedisClusterTest {
  private static final ZoneId TOKYO = ZoneId.of("Asia/Tokyo");
  private static final String SLIDING_WINDOW_SHA = LuaScript.resource("sliding_window.lua").sha();

  private static OwnRedisCluster cluster;
  private static JedisCluster jedis;

  /** A hash tag of its own per test, so that tests never share keys. */
  private final String tag = "{throttle-" + UUID.randomUUID() + "}:";

  private final RecordingOutageListener listener = new RecordingOutageListener();

  @BeforeAll
  static void startCluster() {
    cluster = OwnRedisCluster.start();
    jedis = cluster.client();
  }

  @AfterAll
  static void stopCluster() {
    if (jedis != null) {
      jedis.close();
    }
    if (cluster != null) {
      cluster.close();
    }
  }

  private RedisThrottler throttler() {
    return RedisThrottler.builder(jedis).keyPrefix(tag).outageListener(listener).build();
  }

  @Test
  @DisplayName("8 concurrent callers get exactly the limit, no more")
  void limit_holds_exactly_under_concurrent_callers() throws Exception {
    RedisThrottler throttler = throttler();
    ThrottlePermit permit = new ThrottlePermit("t:acme:c:sms", 100, Duration.ofMinutes(1));

    int total = sum(concurrently(8, () -> allowedOf(throttler, permit, 40)));

    assertThat(total).isEqualTo(100);
    assertThat(jedis.zcard(tag + permit.key())).isEqualTo(100);
    assertThat(listener.outages).isEmpty();
  }

  @Test
  @DisplayName("tenant, channel and recipient rules are taken all or nothing in one decision")
  void rules_are_taken_all_or_nothing() {
    RedisThrottler throttler = throttler();
    ThrottlePermit tenant = new ThrottlePermit("t:acme", 3, Duration.ofMinutes(1));
    ThrottlePermit channel = new ThrottlePermit("t:acme:c:sms", 2, Duration.ofMinutes(1));
    ThrottlePermit recipient = new ThrottlePermit("t:acme:r:bob", 1, Duration.ofMinutes(1));
    List<ThrottlePermit> all = List.of(tenant, channel, recipient);

    assertThat(throttler.tryAcquire(all).allowed()).isTrue();
    assertThat(throttler.tryAcquire(all).allowed()).as("bob's window is full").isFalse();
    assertThat(jedis.zcard(tag + tenant.key())).as("the refusal took no tenant slot").isEqualTo(1);
    assertThat(jedis.zcard(tag + channel.key())).as("nor a channel slot").isEqualTo(1);

    assertThat(throttler.tryAcquire(List.of(tenant, channel)).allowed()).isTrue();
    assertThat(throttler.tryAcquire(List.of(tenant, channel)).allowed())
        .as("the channel's window is full")
        .isFalse();
    assertThat(throttler.tryAcquire(List.of(tenant)).allowed())
        .as("the tenant still has the slot the refusals did not take")
        .isTrue();
    assertThat(throttler.tryAcquire(List.of(tenant)).allowed()).isFalse();
    assertThat(List.of(tenant, channel, recipient))
        .allSatisfy(p -> assertThat(jedis.zcard(tag + p.key())).isEqualTo(p.limit()));
  }

  @Test
  @DisplayName("a refusal's wait is positive and at most the window")
  void refusal_wait_is_within_the_window() {
    RedisThrottler throttler = throttler();
    Duration window = Duration.ofSeconds(30);
    ThrottlePermit tenant = new ThrottlePermit("t:acme", 100, Duration.ofHours(1));
    ThrottlePermit recipient = new ThrottlePermit("t:acme:r:bob", 2, window);
    assertThat(throttler.tryAcquire(List.of(tenant, recipient)).allowed()).isTrue();
    assertThat(throttler.tryAcquire(List.of(tenant, recipient)).allowed()).isTrue();

    ThrottleDecision refused = throttler.tryAcquire(List.of(tenant, recipient));

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isPositive().isLessThanOrEqualTo(window);
  }

  @Test
  @DisplayName("the script reaches the node that owns the keys' slot, whichever node that is")
  void script_is_loaded_on_the_owner_of_the_slot() {
    for (OwnRedisServer node : cluster.nodes()) {
      String prefix = tagOwnedBy(cluster, node);
      RedisThrottler throttler =
          RedisThrottler.builder(jedis).keyPrefix(prefix).outageListener(listener).build();
      ThrottlePermit permit = new ThrottlePermit("k", 1, Duration.ofMinutes(1));
      cluster.flushScripts();

      assertThat(throttler.tryAcquire(List.of(permit)).allowed()).isTrue();
      assertThat(throttler.tryAcquire(List.of(permit)).allowed()).isFalse();

      int owner = cluster.nodes().indexOf(node);
      assertThat(cluster.scriptLoaded(SLIDING_WINDOW_SHA).get(owner))
          .as("the script is loaded on node %d, which owns %s", owner, prefix)
          .isTrue();
    }
    assertThat(listener.outages).isEmpty();
  }

  @Test
  @DisplayName("SCRIPT FLUSH on every node while 8 callers run: the limit still holds exactly")
  void script_flushed_under_load() throws Exception {
    RedisThrottler throttler = throttler();
    ThrottlePermit permit = new ThrottlePermit("t:acme", 100, Duration.ofMinutes(10));
    AtomicInteger calls = new AtomicInteger();
    AtomicBoolean stop = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Integer>> callers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        callers.add(
            pool.submit(
                () -> {
                  int allowed = 0;
                  while (!stop.get()) {
                    allowed += throttler.tryAcquire(List.of(permit)).allowed() ? 1 : 0;
                    calls.incrementAndGet();
                  }
                  return allowed;
                }));
      }
      // Flush three times, each time once the callers have made 40 more decisions: both the
      // allowing calls (the first 100) and the refusals run into NOSCRIPT.
      for (int flush = 0; flush < 3; flush++) {
        int seen = calls.get();
        await().atMost(Duration.ofSeconds(30)).until(() -> calls.get() >= seen + 40);
        cluster.flushScripts();
      }
      int seen = calls.get();
      await().atMost(Duration.ofSeconds(30)).until(() -> calls.get() >= seen + 40);
      stop.set(true);
      int total = 0;
      for (Future<Integer> f : callers) {
        total += f.get();
      }

      assertThat(total).as("allowed of %d calls", calls.get()).isEqualTo(100);
      assertThat(listener.outages).as("no NOSCRIPT was taken for an outage").isEmpty();
    } finally {
      stop.set(true);
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName(
      "with another master down, a decision on a live master's slot still finds its script")
  void script_is_sent_to_the_owner_even_with_another_master_down() {
    try (OwnRedisCluster degraded = OwnRedisCluster.start();
        JedisCluster client = degraded.client()) {
      List<OwnRedisServer> nodes = degraded.nodes();
      for (OwnRedisServer node : nodes) {
        try (var admin = node.connect()) {
          // The live masters keep serving their own slots while one master is away.
          admin.configSet("cluster-require-full-coverage", "no");
        }
      }
      String prefix = tagOwnedBy(degraded, nodes.get(0));
      RedisThrottler throttler =
          RedisThrottler.builder(client)
              .keyPrefix(prefix)
              .failureMode(FailureMode.FAIL_OPEN)
              .outageListener(listener)
              .build();
      ThrottlePermit permit = new ThrottlePermit("k", 1, Duration.ofMinutes(1));
      nodes.get(2).stop();
      degraded.flushScripts(nodes.subList(0, 2));

      assertThat(throttler.tryAcquire(List.of(permit)).allowed()).isTrue();
      assertThat(throttler.tryAcquire(List.of(permit)).allowed())
          .as("a real decision, not the fail-open answer of an outage")
          .isFalse();
      assertThat(listener.outages).isEmpty();
    }
  }

  @Test
  @DisplayName("on a JedisCluster, build() refuses a key prefix without a hash tag")
  void prefix_without_hash_tag_is_refused() {
    for (String prefix :
        List.of("", "communicable:throttle:", "{}:", "{}{x}:", "{throttle:", "}{:", "a{}b")) {
      assertThatThrownBy(() -> RedisThrottler.builder(jedis).keyPrefix(prefix).build())
          .as("prefix \"%s\"", prefix)
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> {
                assertThat(e.field()).isEqualTo("keyPrefix");
                assertThat(e.problem()).contains("hash tag").contains("\"" + prefix + "\"");
              });
    }
    assertThatThrownBy(() -> RedisThrottler.create(jedis))
        .as("the default prefix has no hash tag")
        .isInstanceOf(InvalidRequestException.class);
    for (String prefix : List.of("{throttle}:", "app:{t}:", "{a}b}")) {
      assertThat(RedisThrottler.builder(jedis).keyPrefix(prefix).build())
          .as("prefix \"%s\"", prefix)
          .isNotNull();
    }
  }

  @Test
  @DisplayName("without a hash tag, a decision's keys fall in different slots and cannot be sent")
  void keys_in_different_slots_cannot_be_sent_as_one_script() {
    // What build() prevents: the same decision, sent by hand with a prefix that has no hash tag.
    String prefix = "throttle-" + UUID.randomUUID() + ":";
    List<String> keys = List.of(prefix + "t:acme", prefix + "t:acme:r:bob");
    assertThat(JedisClusterCRC16.getSlot(keys.get(0)))
        .isNotEqualTo(JedisClusterCRC16.getSlot(keys.get(1)));

    assertThatThrownBy(
            () ->
                jedis.eval(
                    RedisThrottler.script(),
                    keys,
                    List.of("member", "3", "60000000", "1", "60000000")))
        .as("refused by the client before it reaches Redis")
        .isInstanceOf(JedisClusterOperationException.class)
        .hasMessageContaining("same hashslot");
    assertThat(jedis.exists(keys.get(0))).isFalse();
    assertThat(jedis.exists(keys.get(1))).isFalse();
  }

  @Test
  @DisplayName("tenant budgets: counted exactly under 8 concurrent callers, and reset at midnight")
  void budgets_on_the_cluster() throws Exception {
    // One key per call, so no hash tag is needed; the default-like prefix shows it.
    LocalDate today = LocalDate.now(TOKYO);
    Instant midnight = today.plusDays(1).atStartOfDay(TOKYO).toInstant();
    SettableClock clock = SettableClock.of(midnight.minusSeconds(90));
    RedisTenantBudgets budgets =
        RedisTenantBudgets.builder(jedis)
            .keyPrefix("budget-" + UUID.randomUUID() + ":")
            .clock(clock)
            .outageListener(listener)
            .build();
    List<TenantBudget> tenants = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      tenants.add(TenantBudget.daily("tenant-" + i, ChannelType.SMS, 50, TOKYO));
    }
    cluster.flushScripts();

    List<Integer> counted =
        concurrently(
            8,
            () -> {
              int ok = 0;
              for (int i = 0; i < 60; i++) {
                for (TenantBudget b : tenants) {
                  ok += budgets.tryConsume(b, 1).allowed() ? 1 : 0;
                }
              }
              return ok;
            });

    assertThat(sum(counted)).isEqualTo(50 * tenants.size());
    assertThat(tenants)
        .allSatisfy(
            b ->
                assertThat(budgets.status(b))
                    .isEqualTo(new BudgetDecision(false, 50, 0, midnight)));
    assertThat(budgets.tryConsume(tenants.get(0), 1).allowed()).isFalse();

    clock.set(midnight);
    assertThat(budgets.status(tenants.get(0)))
        .isEqualTo(new BudgetDecision(true, 0, 50, midnight.plus(Duration.ofDays(1))));
    assertThat(budgets.tryConsume(tenants.get(0), 50).allowed()).isTrue();
    assertThat(listener.outages).isEmpty();
  }

  /** The testkit's throttler contract, on the cluster, with a hash-tagged prefix per test. */
  @Nested
  class ThrottlerContractOnCluster extends ThrottlerContract {
    @Override
    protected Throttler createThrottler() {
      return RedisThrottler.builder(jedis)
          .keyPrefix("{contract-" + UUID.randomUUID() + "}:")
          .build();
    }
  }

  /** A hash-tagged prefix whose slot belongs to {@code node}. */
  private static String tagOwnedBy(OwnRedisCluster in, OwnRedisServer node) {
    while (true) {
      String prefix = "{owned-" + UUID.randomUUID() + "}:";
      if (in.ownerOf(prefix) == node) {
        return prefix;
      }
    }
  }

  private static int allowedOf(RedisThrottler throttler, ThrottlePermit permit, int calls) {
    int allowed = 0;
    for (int i = 0; i < calls; i++) {
      allowed += throttler.tryAcquire(List.of(permit)).allowed() ? 1 : 0;
    }
    return allowed;
  }

  private static List<Integer> concurrently(int threads, Callable<Integer> task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<Integer>> tasks = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        tasks.add(task);
      }
      List<Integer> results = new ArrayList<>();
      for (Future<Integer> f : pool.invokeAll(tasks)) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdownNow();
    }
  }

  private static int sum(List<Integer> values) {
    return values.stream().mapToInt(Integer::intValue).sum();
  }
}
