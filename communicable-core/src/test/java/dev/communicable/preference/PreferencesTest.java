package dev.communicable.preference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PreferencesTest {
  private static final ChannelType SMS = ChannelType.SMS;

  /**
   * Builds the preferences of one row: the recipient's choice for SMS on topic "billing" and for
   * SMS on every topic ("-" for no choice), whether they muted everything, and whether critical
   * messages may override.
   */
  private static Preferences row(
      String topicChoice, String channelChoice, boolean muted, boolean override) {
    Map<ChannelType, Boolean> channels = new HashMap<>();
    if (!channelChoice.equals("-")) {
      channels.put(SMS, channelChoice.equals("in"));
    }
    Map<String, Map<ChannelType, Boolean>> topics = new HashMap<>();
    if (!topicChoice.equals("-")) {
      topics.put("billing", Map.of(SMS, topicChoice.equals("in")));
    }
    return new Preferences("acme", "u1", channels, topics, muted, null, override, 1);
  }

  @ParameterizedTest(name = "topic={0} channel={1} muted={2} override={3} {4} -> {5}")
  @CsvSource({
    // topic, channel, muted, override, priority, allowed
    // nothing chosen: everything is on
    "-,   -,   false, true,  NORMAL,   true",
    // the channel-wide choice applies when the topic has none
    "-,   out, false, true,  NORMAL,   false",
    "-,   in,  false, true,  NORMAL,   true",
    // a topic choice wins over the channel-wide one, both ways
    "in,  out, false, true,  NORMAL,   true",
    "out, in,  false, true,  NORMAL,   false",
    "out, -,   false, true,  NORMAL,   false",
    "in,  -,   false, true,  NORMAL,   true",
    // mute silences everything, even topics opted in
    "-,   -,   true,  true,  NORMAL,   false",
    "in,  in,  true,  true,  HIGH,     false",
    // high priority is not critical
    "out, -,   false, true,  HIGH,     false",
    // critical passes opt-outs and mute when override is on
    "out, out, true,  true,  CRITICAL, true",
    "-,   out, false, true,  CRITICAL, true",
    "-,   -,   true,  true,  CRITICAL, true",
    // ...and obeys them when it is off
    "out, in,  false, false, CRITICAL, false",
    "-,   out, false, false, CRITICAL, false",
    "-,   -,   true,  false, CRITICAL, false",
    "in,  out, false, false, CRITICAL, true",
    "-,   -,   false, false, CRITICAL, true",
  })
  void decides_topic_over_channel_over_default_with_mute_and_critical_override(
      String topic,
      String channel,
      boolean muted,
      boolean override,
      Priority priority,
      boolean allowed) {
    assertThat(
            row(topic.strip(), channel.strip(), muted, override).allows("billing", SMS, priority))
        .isEqualTo(allowed);
  }

  @Test
  void a_choice_for_one_topic_does_not_touch_other_topics_or_channels() {
    Preferences p = row("out", "-", false, true);
    assertThat(p.allows("billing", SMS, Priority.NORMAL)).isFalse();
    assertThat(p.allows("news", SMS, Priority.NORMAL)).isTrue();
    assertThat(p.allows("billing", ChannelType.EMAIL, Priority.NORMAL)).isTrue();
  }

  @Test
  void a_missing_topic_or_priority_reads_as_no_topic_and_normal() {
    Preferences p = row("in", "out", false, true);
    assertThat(p.allows(null, SMS, null)).isFalse();
  }

  @Test
  void a_missing_channel_is_a_programming_error() {
    assertThatThrownBy(
            () -> Preferences.defaults("acme", "u1").allows("billing", null, Priority.NORMAL))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void defaults_allow_everything_with_critical_override_on() {
    Preferences d = Preferences.defaults("acme", "u1");
    assertThat(d.version()).isZero();
    assertThat(d.criticalOverride()).isTrue();
    assertThat(d.muted()).isFalse();
    assertThat(d.quietHours()).isNull();
    assertThat(d.allows("anything", ChannelType.PUSH, Priority.NORMAL)).isTrue();
  }

  @Test
  void the_editor_builds_the_next_version_and_leaves_its_base_alone() {
    Preferences base = Preferences.defaults("acme", "u1");
    Preferences next =
        new PreferenceEditor(base)
            .channel(SMS, false)
            .topic("billing", SMS, true)
            .muted(true)
            .criticalOverride(false)
            .toPreferences();
    assertThat(next.version()).isEqualTo(1);
    assertThat(next.channels()).containsEntry(SMS, false);
    assertThat(next.topics()).containsEntry("billing", Map.of(SMS, true));
    assertThat(next.muted()).isTrue();
    assertThat(next.criticalOverride()).isFalse();
    assertThat(base).isEqualTo(Preferences.defaults("acme", "u1"));
  }

  @Test
  void stored_maps_are_copies() {
    Map<ChannelType, Boolean> channels = new HashMap<>(Map.of(SMS, false));
    Preferences p = new Preferences("acme", "u1", channels, Map.of(), false, null, true, 1);
    channels.put(SMS, true);
    assertThat(p.allows("x", SMS, Priority.NORMAL)).isFalse();
  }
}
