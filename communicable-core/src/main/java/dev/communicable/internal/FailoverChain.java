package dev.communicable.internal;

import dev.communicable.channel.ChannelAdapter;
import dev.communicable.channel.OutboundMessage;
import dev.communicable.channel.SendResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a message through the adapters of its channel in order: a retryable failure moves on to the
 * next adapter, an acceptance or a permanent refusal ends the chain. An adapter that throws, or
 * returns no result, failed retryably. Decides nothing about the delivery: the {@link ChainResult}
 * says what happened.
 */
final class FailoverChain {
  private static final Logger log = LoggerFactory.getLogger(FailoverChain.class);

  private final ChannelRegistry channels;
  private final Clock clock;

  FailoverChain(ChannelRegistry channels, Clock clock) {
    this.channels = channels;
    this.clock = clock;
  }

  /** Tries {@code message} on each adapter for its channel and address until one answers. */
  ChainResult send(OutboundMessage message) {
    List<ChannelAdapter> chain = channels.chainFor(message.channel(), message.address());
    Instant started = clock.instant();
    if (chain.isEmpty()) {
      return ChainResult.noAdapter(started);
    }
    SendResult answer = null;
    boolean threw = false;
    Duration retryAfter = Duration.ZERO;
    List<String> failures = new ArrayList<>();
    for (ChannelAdapter adapter : chain) {
      threw = false;
      try {
        answer = adapter.send(message);
        if (answer == null) {
          answer = SendResult.retryable(adapter.provider(), "the adapter returned no result");
        }
      } catch (RuntimeException e) {
        log.warn(
            "The {} adapter {} threw for delivery {}",
            message.channel(),
            adapter.provider(),
            message.deliveryId(),
            e);
        answer = SendResult.retryable(adapter.provider(), DeliveryOutcomes.describe(e));
        threw = true;
      }
      if (!(answer instanceof SendResult.Retryable retryable)) {
        break;
      }
      failures.add(retryable.provider() + ": " + retryable.reason());
      Duration asked = retryable.retryAfter().orElse(Duration.ZERO);
      retryAfter = asked.compareTo(retryAfter) > 0 ? asked : retryAfter;
    }
    return new ChainResult(answer, threw, retryAfter, failures, started, clock.instant());
  }
}
