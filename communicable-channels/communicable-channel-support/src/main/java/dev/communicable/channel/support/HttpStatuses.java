package dev.communicable.channel.support;

import dev.communicable.channel.SendResult;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The common meaning of an HTTP status for a send: 2xx is success; 408 (request timeout), 429 (too
 * many requests) and every 5xx may succeed later and are {@link SendResult.Retryable}; every other
 * status is {@link SendResult.Permanent}. Adapters check what their provider documents first (a 404
 * or 410 that means a dead address, a provider error code in the body) and leave the rest to {@link
 * #failure}.
 */
public final class HttpStatuses {
  private HttpStatuses() {}

  /** True for 2xx. */
  public static boolean isSuccess(int status) {
    return status >= 200 && status < 300;
  }

  /** True for 408, 429 and every 5xx: statuses that may pass on a later attempt. */
  public static boolean isRetryable(int status) {
    return status == 408 || status == 429 || status >= 500;
  }

  /**
   * The result for an answer that is not a success: {@link SendResult.Retryable} with {@code
   * retryAfter} when {@link #isRetryable(int)}, else {@link SendResult.Permanent} with {@code
   * code}, or {@code http_<status>} when {@code code} is null.
   */
  public static SendResult failure(
      String provider,
      int status,
      @Nullable String code,
      String reason,
      Optional<Duration> retryAfter) {
    if (isRetryable(status)) {
      return new SendResult.Retryable(provider, reason, retryAfter);
    }
    return SendResult.permanent(provider, code != null ? code : "http_" + status, reason);
  }
}
