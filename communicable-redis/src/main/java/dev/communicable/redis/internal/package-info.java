/**
 * Implementation of the Redis module: Lua scripts, outage tracking, pub/sub subscribers, local
 * caches. Not API: may change without notice.
 */
@NullMarked
package dev.communicable.redis.internal;

import org.jspecify.annotations.NullMarked;
