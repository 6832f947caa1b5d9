package dev.communicable.internal;

import dev.communicable.channel.SendResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * What trying a channel's failover chain came to.
 *
 * @param answer the answer that ended the chain: the first {@link SendResult.Accepted} or {@link
 *     SendResult.Permanent}, else the last adapter's {@link SendResult.Retryable}; null when the
 *     channel has no adapter
 * @param threw true when that last answer stands for an exception the adapter threw
 * @param retryAfter the longest wait any adapter asked for; zero when none did
 * @param failures each retryable failure on the way, as {@code "provider: reason"}, in order
 * @param started when the chain was started
 * @param finished when its last adapter returned
 */
record ChainResult(
    @Nullable SendResult answer,
    boolean threw,
    Duration retryAfter,
    List<String> failures,
    Instant started,
    Instant finished) {

  ChainResult {
    failures = List.copyOf(failures);
  }

  /** The result for a channel without adapters: nothing was tried. */
  static ChainResult noAdapter(Instant at) {
    return new ChainResult(null, false, Duration.ZERO, List.of(), at, at);
  }

  /** True when the channel has no adapter to try. */
  boolean noAdapter() {
    return answer == null;
  }

  /** The retryable failures before the answer, for its detail: {@code " (after a; b)"} or "". */
  String earlier() {
    return failures.isEmpty() ? "" : " (after " + String.join("; ", failures) + ")";
  }
}
