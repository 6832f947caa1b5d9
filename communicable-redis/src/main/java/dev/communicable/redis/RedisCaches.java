package dev.communicable.redis;

import dev.communicable.Arguments;
import dev.communicable.redis.internal.CacheChannel;
import dev.communicable.redis.internal.CachingPreferenceStore;
import dev.communicable.redis.internal.CachingTemplateStore;
import dev.communicable.redis.internal.Invalidation;
import dev.communicable.redis.internal.OutageGuard;
import dev.communicable.redis.internal.PubSubSubscriber;
import dev.communicable.spi.PreferenceStore;
import dev.communicable.spi.TemplateStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Per-node caches in front of any {@link TemplateStore} or {@link PreferenceStore}, kept coherent
 * across nodes through Redis pub/sub: publishing or activating a template, or saving a preference
 * change, through a cached store drops the entry on this node at once and on every other node as
 * soon as the message arrives.
 *
 * <pre>{@code
 * RedisCaches caches = RedisCaches.create(jedisPooled);
 * TemplateStore templates = caches.templates(jdbcStores.templates());
 * PreferenceStore preferences = caches.preferences(jdbcStores.preferences());
 * }</pre>
 *
 * <p>Each cache holds at most {@linkplain Builder#maxEntries max entries}, each for at most the
 * {@linkplain Builder#timeToLive time to live}. Messages missed while the subscription was down
 * cannot be replayed, so while it is down reads go straight to the store, and every (re)connection
 * empties the caches first. One subscriber thread ({@code communicable-cache-invalidation}) per
 * instance; {@link #close()} ends it.
 */
public final class RedisCaches implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisCaches.class);

  private final UnifiedJedis jedis;
  private final String channel;
  private final int maxEntries;
  private final Duration ttl;
  private final Clock clock;
  private final String node = UUID.randomUUID().toString();
  private final OutageGuard guard;
  private final PubSubSubscriber subscriber;
  private final List<CachingTemplateStore> templateCaches = new CopyOnWriteArrayList<>();
  private final List<CachingPreferenceStore> preferenceCaches = new CopyOnWriteArrayList<>();
  private final CacheChannel cacheChannel =
      new CacheChannel() {
        @Override
        public boolean live() {
          return subscriber.isSubscribed();
        }

        @Override
        public void invalidateEverywhere(String kind, String tenantId, String id) {
          publish(new Invalidation(node, kind, tenantId, id));
        }
      };

  private RedisCaches(Builder b) {
    this.jedis = b.jedis;
    this.channel = b.channel;
    this.maxEntries = b.maxEntries;
    this.ttl = b.ttl;
    this.clock = b.clock;
    this.guard = new OutageGuard("caches", b.probeInterval, b.clock, b.listener);
    this.subscriber =
        new PubSubSubscriber(
            jedis,
            channel,
            "communicable-cache-invalidation",
            this::received,
            this::clearAll,
            guard,
            b.probeInterval);
    subscriber.start();
  }

  /** Caches on {@code jedis} with the defaults of {@link Builder}, listening at once. */
  public static RedisCaches create(UnifiedJedis jedis) {
    return builder(jedis).build();
  }

  /** Starts caches on {@code jedis}, which stays the caller's. */
  public static Builder builder(UnifiedJedis jedis) {
    return new Builder(jedis);
  }

  /**
   * {@code store} with its active and published versions cached on this node; publish and activate
   * through it to invalidate every node.
   */
  public TemplateStore templates(TemplateStore store) {
    Arguments.notNull("store", store);
    CachingTemplateStore cached =
        new CachingTemplateStore(store, cacheChannel, maxEntries, ttl, clock);
    templateCaches.add(cached);
    return cached;
  }

  /**
   * {@code store} with each recipient's preferences cached on this node; save through it to
   * invalidate every node.
   */
  public PreferenceStore preferences(PreferenceStore store) {
    Arguments.notNull("store", store);
    CachingPreferenceStore cached =
        new CachingPreferenceStore(store, cacheChannel, maxEntries, ttl, clock);
    preferenceCaches.add(cached);
    return cached;
  }

  /** True while this node receives invalidations, and so serves reads from its caches. */
  public boolean isSubscribed() {
    return subscriber.isSubscribed();
  }

  /** Stops listening; the stores it returned read through from then on. */
  @Override
  public void close() {
    subscriber.close();
    clearAll();
  }

  private void publish(Invalidation invalidation) {
    if (!guard.shouldCall()) {
      return; // the other nodes are not subscribed either, and empty their caches on return
    }
    try {
      jedis.publish(channel, invalidation.toJson());
      guard.succeeded();
    } catch (JedisException e) {
      guard.failed(e);
    }
  }

  private void received(String json) {
    Invalidation inv;
    try {
      inv = Invalidation.fromJson(json);
    } catch (IllegalArgumentException e) {
      LOG.warn("Ignoring a message on {} that is not an invalidation: {}", channel, e.getMessage());
      return;
    }
    if (inv.origin().equals(node)) {
      return;
    }
    switch (inv.kind()) {
      case Invalidation.TEMPLATE ->
          templateCaches.forEach(c -> c.invalidate(inv.tenantId(), inv.id()));
      case Invalidation.PREFERENCES ->
          preferenceCaches.forEach(c -> c.invalidate(inv.tenantId(), inv.id()));
      default -> LOG.debug("Ignoring an invalidation of unknown kind {}", inv.kind());
    }
  }

  private void clearAll() {
    templateCaches.forEach(CachingTemplateStore::clear);
    preferenceCaches.forEach(CachingPreferenceStore::clear);
  }

  /** Configures {@link RedisCaches}. */
  public static final class Builder {
    private final UnifiedJedis jedis;
    private String channel = "communicable:cache-invalidation";
    private int maxEntries = 10_000;
    private Duration ttl = Duration.ofMinutes(10);
    private Duration probeInterval = Duration.ofSeconds(1);
    private Clock clock = Clock.systemUTC();
    private RedisOutageListener listener = RedisOutageListener.logging();

    private Builder(UnifiedJedis jedis) {
      this.jedis = Arguments.notNull("jedis", jedis);
    }

    /** The pub/sub channel the nodes share. Default {@code "communicable:cache-invalidation"}. */
    public Builder channel(String channel) {
      this.channel = Arguments.notBlank("channel", channel);
      return this;
    }

    /** The most entries each cache holds, least recently used going first. Default 10,000. */
    public Builder maxEntries(int maxEntries) {
      this.maxEntries = Arguments.positive("maxEntries", maxEntries);
      return this;
    }

    /**
     * How long an entry is kept at most, a bound on staleness should an invalidation be lost.
     * Default 10 minutes.
     */
    public Builder timeToLive(Duration ttl) {
      Arguments.positive("timeToLive", ttl);
      Arguments.check(ttl.toMillis() >= 1, "timeToLive", "must be at least 1 ms, was " + ttl);
      this.ttl = ttl;
      return this;
    }

    /** While Redis is down, how often the subscriber reconnects. Default 1 second. */
    public Builder probeInterval(Duration probeInterval) {
      Arguments.positive("probeInterval", probeInterval);
      Arguments.check(
          probeInterval.toMillis() >= 1,
          "probeInterval",
          "must be at least 1 ms, was " + probeInterval);
      this.probeInterval = probeInterval;
      return this;
    }

    /** The clock entries expire by. Default the system UTC clock. */
    public Builder clock(Clock clock) {
      this.clock = Arguments.notNull("clock", clock);
      return this;
    }

    /** Hears when Redis goes and returns. Default {@link RedisOutageListener#logging()}. */
    public Builder outageListener(RedisOutageListener listener) {
      this.listener = Arguments.notNull("outageListener", listener);
      return this;
    }

    /** The caches, already listening. */
    public RedisCaches build() {
      return new RedisCaches(this);
    }
  }
}
