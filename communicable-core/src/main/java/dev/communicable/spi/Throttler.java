package dev.communicable.spi;

import java.util.List;

/**
 * Sliding-window rate limiting. Implementations: in-memory (one node), Redis (shared by all nodes).
 * Passes {@code ThrottlerContract} in communicable-testkit.
 */
public interface Throttler {

  /**
   * Takes one slot from every permit, or from none: when any window is full nothing is taken and
   * the decision says how long until that window frees a slot.
   */
  ThrottleDecision tryAcquire(List<ThrottlePermit> permits);
}
