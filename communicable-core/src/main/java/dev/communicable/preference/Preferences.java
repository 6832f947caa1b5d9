package dev.communicable.preference;

import dev.communicable.channel.ChannelType;
import dev.communicable.policy.QuietHours;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What one recipient has chosen: opt in or out per channel and per topic x channel, a global mute,
 * quiet hours of their own, and whether critical messages may override all of that.
 *
 * @param tenantId the tenant
 * @param recipientId the recipient
 * @param channels opt-in (true) or opt-out (false) per channel; absent means the default (in)
 * @param topics per topic, opt-in or out per channel; overrides {@code channels} for that topic
 * @param muted true to receive nothing but critical messages (when overriding is allowed)
 * @param quietHours the recipient's quiet hours, or null for none
 * @param criticalOverride true (the default) to let CRITICAL messages through opt-outs, mute and
 *     quiet hours
 * @param version incremented by each saved change; 0 for preferences never saved
 */
public record Preferences(
    String tenantId,
    String recipientId,
    Map<ChannelType, Boolean> channels,
    Map<String, Map<ChannelType, Boolean>> topics,
    boolean muted,
    @Nullable QuietHours quietHours,
    boolean criticalOverride,
    long version) {

  public Preferences {
    Objects.requireNonNull(tenantId, "tenantId");
    Objects.requireNonNull(recipientId, "recipientId");
    channels = Map.copyOf(Objects.requireNonNull(channels, "channels"));
    topics =
        Objects.requireNonNull(topics, "topics").entrySet().stream()
            .collect(
                java.util.stream.Collectors.toUnmodifiableMap(
                    Map.Entry::getKey, e -> Map.copyOf(e.getValue())));
  }

  /**
   * Whether a message on {@code topic} may go out on {@code channel}: a topic choice wins over the
   * channel-wide one, which wins over the default (in); mute silences everything. A CRITICAL
   * message passes all of it when {@link #criticalOverride()} is on.
   *
   * @param topic the message's topic; null when it has none (only channel choices apply)
   * @param channel the channel, not null
   * @param priority the message's priority; null counts as NORMAL
   */
  public boolean allows(
      @Nullable String topic, ChannelType channel, dev.communicable.@Nullable Priority priority) {
    Objects.requireNonNull(channel, "channel");
    if (priority == dev.communicable.Priority.CRITICAL && criticalOverride) {
      return true;
    }
    if (muted) {
      return false;
    }
    Map<ChannelType, Boolean> forTopic = topic == null ? null : topics.get(topic);
    if (forTopic != null && forTopic.containsKey(channel)) {
      return forTopic.get(channel);
    }
    return channels.getOrDefault(channel, true);
  }

  /** The preferences of someone who never chose anything: everything on, no quiet hours. */
  public static Preferences defaults(String tenantId, String recipientId) {
    return new Preferences(tenantId, recipientId, Map.of(), Map.of(), false, null, true, 0);
  }
}
