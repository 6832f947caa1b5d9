package dev.communicable.policy;

import dev.communicable.InvalidRequestException;
import dev.communicable.Limits;
import dev.communicable.channel.ChannelType;
import java.time.Duration;

/**
 * If a sent message is not read within {@code after}, send it again on {@code channel}.
 *
 * @param after how long to wait for a read after the first channel sent, positive and at most
 *     {@link Limits#MAX_POLICY_DELAY}
 * @param channel the channel to escalate to
 */
public record Escalation(Duration after, ChannelType channel) {
  public Escalation {
    if (after == null || after.isNegative() || after.isZero()) {
      throw new InvalidRequestException("escalation.after", "must be positive, was " + after);
    }
    if (after.compareTo(Limits.MAX_POLICY_DELAY) > 0) {
      throw new InvalidRequestException(
          "escalation.after", "must be at most " + Limits.MAX_POLICY_DELAY + ", was " + after);
    }
    if (channel == null) {
      throw new InvalidRequestException("escalation.channel", "must not be null");
    }
  }
}
