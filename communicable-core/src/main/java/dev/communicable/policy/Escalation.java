package dev.communicable.policy;

import dev.communicable.Arguments;
import dev.communicable.Limits;
import dev.communicable.channel.ChannelType;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * If a sent message is not read within {@code after}, send it again on {@code channel}: to the
 * recipient, or, with a {@code contactRole}, to the recipient's contact in that role ("SMS the
 * technician's manager when the technician has not read an urgent message in 15 minutes"):
 *
 * <pre>{@code
 * DeliveryPolicy.builder()
 *     .channels(ChannelType.PUSH)
 *     .escalate(Escalation.ifUnread(Duration.ofMinutes(15), ChannelType.SMS).toContact("manager"))
 *     .build();
 * }</pre>
 *
 * <p>The contact is asked of the host's {@code dev.communicable.spi.ContactDirectory} when the
 * escalation is planned (as soon as the first channel sent the message), and stored with the
 * escalation's delivery: its address on {@code channel}, its locale and its zone. The escalation
 * then waits {@code after}, and is cancelled if the recipient reads the message first. When the
 * directory knows no such contact (or the contact has no address on the channel), the escalation is
 * recorded as suppressed, with the reason in the timeline.
 *
 * @param after how long to wait for a read after the first channel sent, positive and at most
 *     {@link Limits#MAX_POLICY_DELAY}
 * @param channel the channel to escalate to
 * @param contactRole the role of the contact to escalate to, such as {@code "manager"}; null to
 *     escalate to the recipient themselves
 */
public record Escalation(Duration after, ChannelType channel, @Nullable String contactRole) {
  public Escalation {
    Arguments.positive("escalation.after", after);
    Arguments.check(
        after.compareTo(Limits.MAX_POLICY_DELAY) <= 0,
        "escalation.after",
        "must be at most " + Limits.MAX_POLICY_DELAY + ", was " + after);
    Arguments.notNull("escalation.channel", channel);
    if (contactRole != null) {
      Arguments.id("escalation.contactRole", contactRole, Limits.MAX_ID_LENGTH);
    }
  }

  /** An escalation to the recipient themselves. */
  public Escalation(Duration after, ChannelType channel) {
    this(after, channel, null);
  }

  /** If not read within {@code after}, send again to the recipient on {@code channel}. */
  public static Escalation ifUnread(Duration after, ChannelType channel) {
    return new Escalation(after, channel);
  }

  /**
   * The same escalation, sent to the recipient's contact in {@code role} (as the host's contact
   * directory answers it) instead of the recipient.
   */
  public Escalation toContact(String role) {
    Arguments.notNull("escalation.contactRole", role);
    return new Escalation(after, channel, role);
  }

  /** The role of the contact it goes to; empty when it goes to the recipient. */
  public Optional<String> contact() {
    return Optional.ofNullable(contactRole);
  }
}
