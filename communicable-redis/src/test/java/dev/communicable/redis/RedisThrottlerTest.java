package dev.communicable.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.communicable.InvalidRequestException;
import dev.communicable.spi.ThrottleDecision;
import dev.communicable.spi.ThrottlePermit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.JedisPooled;

@Tag("integration")
class RedisThrottlerTest {
  private final JedisPooled jedis = RedisTestServer.client();
  private final String prefix = RedisTestServer.uniquePrefix("throttle");
  private final RedisThrottler throttler = RedisThrottler.builder(jedis).keyPrefix(prefix).build();

  @AfterEach
  void closeClient() {
    jedis.close();
  }

  @Test
  @DisplayName("8 concurrent callers get exactly the limit, no more")
  void limit_holds_exactly_under_concurrent_callers() throws Exception {
    ThrottlePermit permit = new ThrottlePermit("t:acme:c:sms", 100, Duration.ofMinutes(1));
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Callable<Integer>> callers = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        callers.add(
            () -> {
              int allowed = 0;
              for (int j = 0; j < 40; j++) {
                allowed += throttler.tryAcquire(List.of(permit)).allowed() ? 1 : 0;
              }
              return allowed;
            });
      }
      int total = 0;
      for (Future<Integer> f : pool.invokeAll(callers)) {
        total += f.get();
      }
      assertThat(total).isEqualTo(100);
      assertThat(jedis.zcard(prefix + permit.key())).isEqualTo(100);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  @DisplayName("two nodes on their own connections share one limit")
  void nodes_share_one_limit() {
    ThrottlePermit permit = new ThrottlePermit("c:sms", 5, Duration.ofMinutes(1));
    try (JedisPooled otherClient = RedisTestServer.client()) {
      RedisThrottler other = RedisThrottler.builder(otherClient).keyPrefix(prefix).build();
      int allowed = 0;
      for (int i = 0; i < 6; i++) {
        allowed += throttler.tryAcquire(List.of(permit)).allowed() ? 1 : 0;
        allowed += other.tryAcquire(List.of(permit)).allowed() ? 1 : 0;
      }
      assertThat(allowed).isEqualTo(5);
    }
  }

  @Test
  @DisplayName("a refusal says when the next slot opens, and it opens then, not before")
  void refusal_says_when_the_next_slot_opens() {
    ThrottlePermit permit = new ThrottlePermit("r:user-1", 2, Duration.ofMillis(400));
    long beforeFirst = serverMillis();
    assertThat(throttler.tryAcquire(List.of(permit)).allowed()).isTrue();
    assertThat(throttler.tryAcquire(List.of(permit)).allowed()).isTrue();

    long refusedAt = System.nanoTime();
    ThrottleDecision refused = throttler.tryAcquire(List.of(permit));
    long afterRefusal = serverMillis();

    // The first slot was taken at or after beforeFirst and the refusal came at or before
    // afterRefusal (server time): the slot opens 400 ms after it was taken, so the wait given is
    // at least 400 - (afterRefusal - beforeFirst) and at most 400. Both bounds hold however slowly
    // this machine runs.
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter())
        .isGreaterThanOrEqualTo(Duration.ofMillis(400 - (afterRefusal - beforeFirst) - 1))
        .isPositive()
        .isLessThanOrEqualTo(Duration.ofMillis(400));
    await()
        .atMost(Duration.ofSeconds(5))
        .pollInterval(Duration.ofMillis(2))
        .until(() -> throttler.tryAcquire(List.of(permit)).allowed());
    assertThat(Duration.ofNanos(System.nanoTime() - refusedAt))
        .as("no slot opened before the time the refusal gave")
        .isGreaterThanOrEqualTo(refused.retryAfter().minusMillis(1));
  }

  /** One try of the window-boundary scenario, on fresh keys. */
  private record BoundaryRun(
      boolean timely, long span, int fixedAllowed, List<ThrottleDecision> slidingAfterBoundary) {}

  private BoundaryRun boundaryRun(int attempt, int limit, long windowMs) {
    ThrottlePermit permit =
        new ThrottlePermit("burst-" + attempt, limit, Duration.ofMillis(windowMs));
    FixedWindow fixed = new FixedWindow(jedis, prefix + "fixed-" + attempt, limit, windowMs);

    // Late in a fixed window: a full burst goes through both.
    await()
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> serverMillis() % windowMs >= 700);
    long start = serverMillis();
    long window = start / windowMs;
    int fixedAllowed = 0;
    int slidingAllowed = 0;
    for (int i = 0; i < limit; i++) {
      fixedAllowed += fixed.tryAcquire() ? 1 : 0;
      slidingAllowed += throttler.tryAcquire(List.of(permit)).allowed() ? 1 : 0;
    }
    boolean firstBurstInOneWindow = serverMillis() / windowMs == window;
    assertThat(slidingAllowed).isEqualTo(limit);

    // Just past the boundary: the fixed window starts again from zero, the sliding one does not.
    await()
        .atMost(Duration.ofSeconds(3))
        .pollInterval(Duration.ofMillis(5))
        .until(() -> serverMillis() / windowMs > window);
    List<ThrottleDecision> sliding = new ArrayList<>();
    for (int i = 0; i < limit; i++) {
      fixedAllowed += fixed.tryAcquire() ? 1 : 0;
      sliding.add(throttler.tryAcquire(List.of(permit)));
    }
    long end = serverMillis();
    boolean secondBurstInNextWindow = end / windowMs == window + 1;
    return new BoundaryRun(
        firstBurstInOneWindow && secondBurstInNextWindow && end - start < windowMs,
        end - start,
        fixedAllowed,
        sliding);
  }

  @Test
  @DisplayName(
      "at a window boundary the sliding window lets no burst through, where a fixed window lets"
          + " twice the limit through")
  void window_boundary_lets_no_burst_through() {
    int limit = 5;
    long windowMs = 1000;
    // The scenario needs both bursts on either side of one boundary within one window length; on
    // a machine stalled at the wrong moment it runs again, on fresh keys.
    BoundaryRun run = boundaryRun(0, limit, windowMs);
    for (int attempt = 1; attempt < 5 && !run.timely(); attempt++) {
      run = boundaryRun(attempt, limit, windowMs);
    }

    assertThat(run.timely())
        .as("both bursts on either side of one boundary within one window (%d ms)", run.span())
        .isTrue();
    assertThat(run.fixedAllowed()).as("the fixed window's burst").isEqualTo(2 * limit);
    assertThat(run.slidingAfterBoundary())
        .allSatisfy(
            d -> {
              assertThat(d.allowed()).isFalse();
              assertThat(d.retryAfter()).isPositive().isLessThanOrEqualTo(Duration.ofSeconds(1));
            });
  }

  @Test
  @DisplayName("several rules are taken all or nothing: a refused call charges no rule")
  void rules_are_taken_all_or_nothing() {
    ThrottlePermit tenant = new ThrottlePermit("t:acme", 3, Duration.ofMinutes(1));
    ThrottlePermit recipient = new ThrottlePermit("t:acme:r:bob", 1, Duration.ofMinutes(1));
    ThrottlePermit channel = new ThrottlePermit("c:sms", 1, Duration.ofMinutes(1));

    assertThat(throttler.tryAcquire(List.of(tenant, recipient)).allowed()).isTrue();
    assertThat(throttler.tryAcquire(List.of(tenant, recipient)).allowed())
        .as("the recipient's window is full")
        .isFalse();
    assertThat(jedis.zcard(prefix + tenant.key()))
        .as("the refused call took nothing from the tenant's window")
        .isEqualTo(1);

    assertThat(throttler.tryAcquire(List.of(tenant)).allowed()).isTrue();
    assertThat(throttler.tryAcquire(List.of(tenant)).allowed()).isTrue();
    assertThat(throttler.tryAcquire(List.of(tenant, channel)).allowed())
        .as("the tenant's window is full")
        .isFalse();
    assertThat(throttler.tryAcquire(List.of(channel)).allowed())
        .as("the channel was not charged by the refused call")
        .isTrue();
  }

  @Test
  @DisplayName("with several windows full, the retry-after waits for the last of them")
  void retry_after_waits_for_every_refused_window() {
    ThrottlePermit shortWindow = new ThrottlePermit("short", 1, Duration.ofMillis(200));
    ThrottlePermit longWindow = new ThrottlePermit("long", 1, Duration.ofMinutes(1));
    throttler.tryAcquire(List.of(shortWindow, longWindow));

    ThrottleDecision refused = throttler.tryAcquire(List.of(shortWindow, longWindow));

    assertThat(refused.allowed()).isFalse();
    assertThat(refused.retryAfter()).isGreaterThan(Duration.ofSeconds(59));
  }

  @Test
  @DisplayName("every key expires one window after its newest entry")
  void every_key_has_a_time_to_live() {
    for (int i = 0; i < 20; i++) {
      throttler.tryAcquire(
          List.of(
              new ThrottlePermit("k" + i, 3, Duration.ofSeconds(30)),
              new ThrottlePermit("all", 1000, Duration.ofMinutes(5))));
    }
    var keys = jedis.keys(prefix + "*");
    assertThat(keys).hasSize(21);
    for (String key : keys) {
      long limitMs = key.endsWith("all") ? 300_001 : 30_001;
      assertThat(jedis.pttl(key)).as(key).isPositive().isLessThanOrEqualTo(limitMs);
    }
  }

  @Test
  @DisplayName("a permit given twice is taken once; no permits is allowed at once")
  void duplicate_permits_are_taken_once() {
    ThrottlePermit permit = new ThrottlePermit("dup", 2, Duration.ofMinutes(1));

    assertThat(throttler.tryAcquire(List.of(permit, permit)).allowed()).isTrue();
    assertThat(throttler.tryAcquire(List.of()).allowed()).isTrue();
    assertThat(jedis.zcard(prefix + "dup")).isEqualTo(1);
  }

  @Test
  @DisplayName("bad permits are rejected with the field named, and nothing is taken")
  void rejects_bad_permits() {
    ThrottlePermit a = new ThrottlePermit("same", 2, Duration.ofMinutes(1));
    ThrottlePermit b = new ThrottlePermit("same", 3, Duration.ofMinutes(1));

    assertThatThrownBy(() -> throttler.tryAcquire(null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("permits: must not be null");
    assertThatThrownBy(() -> throttler.tryAcquire(Arrays.asList(a, null)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("permits[1]: must not be null");
    assertThatThrownBy(() -> throttler.tryAcquire(List.of(a, b)))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageStartingWith("permits[1].key: 'same' is given twice with different limits");
    assertThat(jedis.exists(prefix + "same")).isFalse();
    assertThatThrownBy(() -> RedisThrottler.builder(null))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("jedis: must not be null");
    assertThatThrownBy(() -> RedisThrottler.builder(jedis).probeInterval(Duration.ZERO))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessage("probeInterval: must be positive, was PT0S");
  }

  private long serverMillis() {
    List<?> t = (List<?>) jedis.eval("return redis.call('TIME')");
    return Long.parseLong((String) t.get(0)) * 1000 + Long.parseLong((String) t.get(1)) / 1000;
  }

  /** The fixed-window counter the sliding window replaces, kept here to show its burst. */
  private record FixedWindow(JedisPooled jedis, String key, int limit, long windowMs) {
    private static final String SCRIPT =
        "local t = redis.call('TIME')\n"
            + "local ms = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)\n"
            + "local k = KEYS[1] .. ':' .. math.floor(ms / tonumber(ARGV[2]))\n"
            + "local n = redis.call('INCR', k)\n"
            + "redis.call('PEXPIRE', k, ARGV[2])\n"
            + "if n <= tonumber(ARGV[1]) then return 1 else return 0 end";

    boolean tryAcquire() {
      Object r =
          jedis.eval(
              SCRIPT, List.of(key), List.of(Integer.toString(limit), Long.toString(windowMs)));
      return ((Long) r) == 1L;
    }
  }
}
