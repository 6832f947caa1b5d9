/**
 * Implementation of the Redis module: Lua scripts, outage tracking, pub/sub subscribers, local
 * caches. Not API: may change without notice.
 */
package dev.communicable.redis.internal;
