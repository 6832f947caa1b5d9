/**
 * Load harness for the Redis throttler: decisions per second and latency percentiles, side by side
 * with Bucket4j's Redis (Jedis) backend and with {@code redis-benchmark} running the bare script.
 */
@NullMarked
package dev.communicable.benchmarks.throttle;

import org.jspecify.annotations.NullMarked;
