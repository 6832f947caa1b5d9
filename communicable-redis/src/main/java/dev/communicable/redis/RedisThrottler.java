package dev.communicable.redis;

import dev.communicable.Arguments;
import dev.communicable.InvalidRequestException;
import dev.communicable.redis.internal.LuaScript;
import dev.communicable.redis.internal.OutageGuard;
import dev.communicable.spi.ThrottleDecision;
import dev.communicable.spi.ThrottlePermit;
import dev.communicable.spi.Throttler;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * A sliding-window {@link Throttler} shared by every node that uses the same Redis.
 *
 * <p>Each permit is a sorted set of acquisition times. One Lua script, called by its SHA, makes
 * each decision atomically: it trims every window, counts it, and takes a slot from all of them or
 * from none. Time is the Redis server's ({@code TIME}), not the nodes'. A refusal says how long
 * until every refused window has a free slot, so a delivery can be rescheduled to exactly then.
 * Every key expires one window after its newest entry.
 *
 * <p>When Redis is down or slower than the client's socket timeout, decisions follow the {@link
 * FailureMode}; one probe per {@linkplain Builder#probeInterval probe interval} finds when Redis is
 * back, the other calls are answered at once. Bound the time a call may wait by the timeouts of the
 * client you pass in, for example {@code
 * DefaultJedisClientConfig.builder().socketTimeoutMillis(250) .connectionTimeoutMillis(250)}.
 *
 * <pre>{@code
 * Throttler throttler = RedisThrottler.builder(jedisPooled)
 *     .failureMode(FailureMode.FAIL_CLOSED)
 *     .build();
 * }</pre>
 */
public final class RedisThrottler implements Throttler {
  private static final LuaScript SCRIPT = LuaScript.resource("sliding_window.lua");

  private final UnifiedJedis jedis;
  private final String keyPrefix;
  private final FailureMode failureMode;
  private final ThrottleDecision failClosed;
  private final OutageGuard guard;
  private final String node = UUID.randomUUID().toString();
  private final AtomicLong sequence = new AtomicLong();

  private RedisThrottler(Builder b) {
    this.jedis = b.jedis;
    this.keyPrefix = b.keyPrefix;
    this.failureMode = b.failureMode;
    this.failClosed = ThrottleDecision.refuse(b.probeInterval);
    this.guard = new OutageGuard("throttler", b.probeInterval, b.clock, b.listener);
  }

  /** A throttler on {@code jedis} with the defaults of {@link Builder}. */
  public static RedisThrottler create(UnifiedJedis jedis) {
    return builder(jedis).build();
  }

  /**
   * Starts a throttler on {@code jedis} (a {@code JedisPooled}, usually), which stays the caller's.
   */
  public static Builder builder(UnifiedJedis jedis) {
    return new Builder(jedis);
  }

  /** The Lua script that makes each decision, as loaded into Redis. */
  public static String script() {
    return SCRIPT.source();
  }

  @Override
  public ThrottleDecision tryAcquire(List<ThrottlePermit> permits) {
    List<ThrottlePermit> distinct = distinct(permits);
    if (distinct.isEmpty()) {
      return ThrottleDecision.allow();
    }
    if (!guard.shouldCall()) {
      return whileDown();
    }
    List<String> keys = new ArrayList<>(distinct.size());
    List<String> args = new ArrayList<>(1 + 2 * distinct.size());
    args.add(node + ':' + sequence.incrementAndGet());
    for (ThrottlePermit p : distinct) {
      keys.add(keyPrefix + p.key());
      args.add(Integer.toString(p.limit()));
      args.add(Long.toString(windowMicros(p.window())));
    }
    Object reply;
    try {
      reply = SCRIPT.run(jedis, keys, args);
    } catch (JedisException e) {
      guard.failed(e);
      return whileDown();
    }
    guard.succeeded();
    List<?> result = (List<?>) reply;
    if (((Long) result.get(0)) == 1L) {
      return ThrottleDecision.allow();
    }
    return ThrottleDecision.refuse(Duration.of((Long) result.get(1), ChronoUnit.MICROS));
  }

  private ThrottleDecision whileDown() {
    return failureMode == FailureMode.FAIL_OPEN ? ThrottleDecision.allow() : failClosed;
  }

  private static long windowMicros(Duration window) {
    // Whole microseconds, at least one: the script's resolution.
    return Math.max(1, window.toNanos() / 1000);
  }

  private static List<ThrottlePermit> distinct(List<ThrottlePermit> permits) {
    Arguments.notNull("permits", permits);
    if (permits.size() == 1 && permits.get(0) != null) {
      return permits;
    }
    Map<String, ThrottlePermit> byKey = new HashMap<>();
    List<ThrottlePermit> distinct = new ArrayList<>(permits.size());
    for (int i = 0; i < permits.size(); i++) {
      ThrottlePermit p = Arguments.notNull("permits[" + i + "]", permits.get(i));
      ThrottlePermit seen = byKey.putIfAbsent(p.key(), p);
      if (seen == null) {
        distinct.add(p);
      } else if (!seen.equals(p)) {
        throw new InvalidRequestException(
            "permits[" + i + "].key",
            "'" + p.key() + "' is given twice with different limits, " + seen + " and " + p);
      }
    }
    return distinct;
  }

  /** Configures a {@link RedisThrottler}. */
  public static final class Builder {
    private final UnifiedJedis jedis;
    private String keyPrefix = "communicable:throttle:";
    private FailureMode failureMode = FailureMode.FAIL_OPEN;
    private Duration probeInterval = Duration.ofSeconds(1);
    private Clock clock = Clock.systemUTC();
    private RedisOutageListener listener = RedisOutageListener.logging();

    private Builder(UnifiedJedis jedis) {
      this.jedis = Arguments.notNull("jedis", jedis);
    }

    /**
     * Prefixes every key. Default {@code "communicable:throttle:"}. On Redis Cluster (a {@code
     * JedisCluster}) the prefix must hold a hash tag, such as {@code "{throttle}:"}, so that the
     * keys of one decision share a slot: {@link #build()} refuses one without.
     */
    public Builder keyPrefix(String keyPrefix) {
      this.keyPrefix = Arguments.notNull("keyPrefix", keyPrefix);
      return this;
    }

    /** What to answer while Redis is unavailable. Default {@link FailureMode#FAIL_OPEN}. */
    public Builder failureMode(FailureMode failureMode) {
      this.failureMode = Arguments.notNull("failureMode", failureMode);
      return this;
    }

    /**
     * While Redis is down, how often one call tries it again; also the retry-after of a {@link
     * FailureMode#FAIL_CLOSED} refusal. Default 1 second.
     */
    public Builder probeInterval(Duration probeInterval) {
      Arguments.positive("probeInterval", probeInterval);
      Arguments.check(
          probeInterval.toMillis() >= 1,
          "probeInterval",
          "must be at least 1 ms, was " + probeInterval);
      this.probeInterval = probeInterval;
      return this;
    }

    /**
     * The clock that times outages and probes (windows use the Redis server's time). Default the
     * system UTC clock.
     */
    public Builder clock(Clock clock) {
      this.clock = Arguments.notNull("clock", clock);
      return this;
    }

    /** Hears when Redis goes and returns. Default {@link RedisOutageListener#logging()}. */
    public Builder outageListener(RedisOutageListener listener) {
      this.listener = Arguments.notNull("outageListener", listener);
      return this;
    }

    /**
     * The throttler.
     *
     * @throws InvalidRequestException when the client is a {@code JedisCluster} and the key prefix
     *     holds no hash tag
     */
    public RedisThrottler build() {
      if (jedis instanceof JedisCluster && !hasHashTag(keyPrefix)) {
        throw new InvalidRequestException(
            "keyPrefix",
            "must hold a hash tag on Redis Cluster, such as \"{throttle}:\", so that the keys of"
                + " one decision share a slot; was \""
                + keyPrefix
                + "\"");
      }
      return new RedisThrottler(this);
    }

    /**
     * Whether every key starting with {@code prefix} hashes by a tag within the prefix: Redis
     * hashes the text between the first '{' and the next '}', when that text is not empty.
     */
    private static boolean hasHashTag(String prefix) {
      int open = prefix.indexOf('{');
      return open >= 0 && prefix.indexOf('}', open + 1) > open + 1;
    }
  }
}
