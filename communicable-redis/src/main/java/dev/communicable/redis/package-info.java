/**
 * Redis-backed services shared by every node of an application: a sliding-window {@link
 * dev.communicable.redis.RedisThrottler}, {@link dev.communicable.redis.RedisTenantBudgets}, an
 * {@link dev.communicable.redis.RedisEventBus} that reaches every node's listeners, and {@link
 * dev.communicable.redis.RedisCaches} in front of template and preference stores. All take a Jedis
 * {@code UnifiedJedis} (usually a {@code JedisPooled}) that stays the caller's to close.
 */
@NullMarked
package dev.communicable.redis;

import org.jspecify.annotations.NullMarked;
