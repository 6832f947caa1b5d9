package dev.communicable.redis.internal;

/** How a caching store reaches the other nodes' caches. */
public interface CacheChannel {

  /**
   * True while invalidations from other nodes are being received; while false the cache must not be
   * trusted and reads go to the store.
   */
  boolean live();

  /** Tells every other node to drop the entries of {@code kind} for the tenant and id. */
  void invalidateEverywhere(String kind, String tenantId, String id);
}
