package dev.communicable.redis;

/**
 * What a Redis-backed throttler answers while Redis is down or too slow to answer within the
 * client's timeout. Either way no delivery is lost: an allowed one is sent, a refused one is
 * rescheduled.
 */
public enum FailureMode {
  /** Allow every send: limits are not enforced until Redis returns. */
  FAIL_OPEN,
  /**
   * Refuse every send with a retry after the probe interval: nothing goes out until Redis returns.
   */
  FAIL_CLOSED
}
