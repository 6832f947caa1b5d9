package dev.communicable.policy;

import dev.communicable.Arguments;
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
    Arguments.positive("escalation.after", after);
    Arguments.check(
        after.compareTo(Limits.MAX_POLICY_DELAY) <= 0,
        "escalation.after",
        "must be at most " + Limits.MAX_POLICY_DELAY + ", was " + after);
    Arguments.notNull("escalation.channel", channel);
  }
}
