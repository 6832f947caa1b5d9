package dev.communicable.preference;

import dev.communicable.Arguments;
import dev.communicable.channel.ChannelType;
import dev.communicable.policy.QuietHours;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * A mutable draft of a recipient's preferences, handed to {@link PreferenceCenter#update}. Each
 * method returns the editor so changes chain.
 */
public final class PreferenceEditor {
  private final Preferences base;
  private final Map<ChannelType, Boolean> channels;
  private final Map<String, Map<ChannelType, Boolean>> topics;
  private boolean muted;
  private @Nullable QuietHours quietHours;
  private boolean criticalOverride;

  /** A draft starting from {@code base}. */
  public PreferenceEditor(Preferences base) {
    this.base = base;
    this.channels = new LinkedHashMap<>(base.channels());
    this.topics = new LinkedHashMap<>();
    base.topics().forEach((k, v) -> topics.put(k, new HashMap<>(v)));
    this.muted = base.muted();
    this.quietHours = base.quietHours();
    this.criticalOverride = base.criticalOverride();
  }

  /** Opts in to ({@code true}) or out of ({@code false}) a channel for every topic. */
  public PreferenceEditor channel(ChannelType channel, boolean enabled) {
    channels.put(Arguments.notNull("channel", channel), enabled);
    return this;
  }

  /** Opts in to or out of a channel for one topic; overrides the channel-wide choice. */
  public PreferenceEditor topic(String topic, ChannelType channel, boolean enabled) {
    Arguments.notBlank("topic", topic);
    Arguments.notNull("channel", channel);
    topics.computeIfAbsent(topic, t -> new HashMap<>()).put(channel, enabled);
    return this;
  }

  /** Forgets every choice made for {@code topic}, so the channel-wide choices apply to it again. */
  public PreferenceEditor clearTopic(String topic) {
    topics.remove(topic);
    return this;
  }

  /** Mutes everything (critical messages still pass when critical override is on). */
  public PreferenceEditor muted(boolean muted) {
    this.muted = muted;
    return this;
  }

  /** The recipient's own quiet hours, in their time zone; null for none. */
  public PreferenceEditor quietHours(@Nullable QuietHours quietHours) {
    this.quietHours = quietHours;
    return this;
  }

  /** Whether critical messages may pass opt-outs, mute and quiet hours. */
  public PreferenceEditor criticalOverride(boolean allowed) {
    this.criticalOverride = allowed;
    return this;
  }

  /** The preferences this draft describes, one version after its base. */
  public Preferences toPreferences() {
    return new Preferences(
        base.tenantId(),
        base.recipientId(),
        channels,
        topics,
        muted,
        quietHours,
        criticalOverride,
        base.version() + 1);
  }
}
