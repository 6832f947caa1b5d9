package dev.communicable.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.Priority;
import dev.communicable.StoreException;
import dev.communicable.channel.ChannelType;
import dev.communicable.policy.QuietHours;
import dev.communicable.preference.PreferenceChange;
import dev.communicable.preference.Preferences;
import dev.communicable.spi.CommunicationEvent;
import dev.communicable.spi.PreferenceStore;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PreferenceServiceTest {
  private static final Instant NOW = Instant.parse("2025-03-01T10:00:00Z");

  /** Compares versions like a real store; can be told to let a rival write first. */
  static final class VersionedStore implements PreferenceStore {
    final Map<String, Preferences> current = new HashMap<>();
    final List<PreferenceChange> audit = new ArrayList<>();
    Runnable beforeSave = () -> {};

    @Override
    public Optional<Preferences> find(String tenantId, String recipientId) {
      return Optional.ofNullable(current.get(tenantId + "/" + recipientId));
    }

    @Override
    public boolean save(PreferenceChange change) {
      beforeSave.run();
      String key = change.tenantId() + "/" + change.recipientId();
      Preferences stored = current.get(key);
      long storedVersion = stored == null ? 0 : stored.version();
      long expected = change.before() == null ? 0 : change.before().version();
      if (storedVersion != expected) {
        return false;
      }
      current.put(key, change.after());
      audit.add(0, change);
      return true;
    }

    @Override
    public List<PreferenceChange> history(String tenantId, String recipientId, int limit) {
      return audit.stream()
          .filter(c -> c.tenantId().equals(tenantId) && c.recipientId().equals(recipientId))
          .limit(limit)
          .toList();
    }
  }

  private final VersionedStore store = new VersionedStore();
  private final TemplateTestDoubles.RecordingEventBus events =
      new TemplateTestDoubles.RecordingEventBus();
  private final PreferenceService center =
      new PreferenceService(store, events, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void get_returns_defaults_when_nothing_is_stored() {
    Preferences p = center.get("acme", "u1");
    assertThat(p).isEqualTo(Preferences.defaults("acme", "u1"));
    assertThat(p.allows("billing", ChannelType.SMS, Priority.NORMAL)).isTrue();
  }

  @Test
  void update_stores_the_change_with_an_audit_entry_and_announces_it() {
    Preferences after =
        center.update("acme", "u1", "u1", "too many texts", e -> e.channel(ChannelType.SMS, false));

    assertThat(after.version()).isEqualTo(1);
    assertThat(after.allows("billing", ChannelType.SMS, Priority.NORMAL)).isFalse();
    assertThat(center.get("acme", "u1")).isEqualTo(after);
    List<PreferenceChange> history = center.history("acme", "u1", 10);
    assertThat(history).hasSize(1);
    PreferenceChange entry = history.get(0);
    assertThat(entry.actor()).isEqualTo("u1");
    assertThat(entry.reason()).isEqualTo("too many texts");
    assertThat(entry.at()).isEqualTo(NOW);
    assertThat(entry.before()).isNull();
    assertThat(entry.after()).isEqualTo(after);
    assertThat(events.published)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.type()).isEqualTo(CommunicationEvent.PREFERENCES_CHANGED);
              assertThat(e.tenantId()).isEqualTo("acme");
              assertThat(e.attributes()).containsEntry("recipientId", "u1");
            });
  }

  @Test
  void a_second_update_starts_from_the_stored_preferences_and_records_before_and_after() {
    center.update("acme", "u1", "u1", null, e -> e.channel(ChannelType.SMS, false));
    Preferences second =
        center.update(
            "acme",
            "u1",
            "admin",
            "support ticket 9",
            e ->
                e.topic("billing", ChannelType.SMS, true)
                    .quietHours(new QuietHours(LocalTime.of(22, 0), LocalTime.of(7, 0))));

    assertThat(second.version()).isEqualTo(2);
    assertThat(second.allows("billing", ChannelType.SMS, Priority.NORMAL)).isTrue();
    assertThat(second.allows("news", ChannelType.SMS, Priority.NORMAL)).isFalse();
    List<PreferenceChange> history = center.history("acme", "u1", 10);
    assertThat(history).extracting(PreferenceChange::actor).containsExactly("admin", "u1");
    assertThat(history.get(0).before().version()).isEqualTo(1);
  }

  @Test
  void a_concurrent_change_is_retried_on_the_fresh_preferences() {
    AtomicInteger rivals = new AtomicInteger(2);
    store.beforeSave =
        () -> {
          if (rivals.getAndDecrement() > 0) {
            Preferences stored =
                store.current.getOrDefault("acme/u1", Preferences.defaults("acme", "u1"));
            Preferences rival =
                new Preferences(
                    "acme",
                    "u1",
                    Map.of(ChannelType.PUSH, false),
                    Map.of(),
                    false,
                    null,
                    true,
                    stored.version() + 1);
            store.current.put("acme/u1", rival);
          }
        };
    AtomicInteger runs = new AtomicInteger();

    Preferences after =
        center.update(
            "acme",
            "u1",
            "u1",
            null,
            e -> {
              runs.incrementAndGet();
              return e.channel(ChannelType.SMS, false);
            });

    assertThat(runs).hasValue(3);
    assertThat(after.version()).isEqualTo(3);
    assertThat(after.channels())
        .containsEntry(ChannelType.PUSH, false)
        .containsEntry(ChannelType.SMS, false);
  }

  @Test
  void an_endless_race_gives_up_after_a_bounded_number_of_attempts_writing_nothing() {
    store.beforeSave =
        () -> {
          Preferences stored =
              store.current.getOrDefault("acme/u1", Preferences.defaults("acme", "u1"));
          store.current.put(
              "acme/u1",
              new Preferences(
                  "acme", "u1", Map.of(), Map.of(), false, null, true, stored.version() + 1));
        };
    AtomicInteger runs = new AtomicInteger();

    assertThatThrownBy(
            () ->
                center.update(
                    "acme",
                    "u1",
                    "u1",
                    null,
                    e -> {
                      runs.incrementAndGet();
                      return e.muted(true);
                    }))
        .isInstanceOfSatisfying(StoreException.class, e -> assertThat(e.isTransient()).isTrue());
    assertThat(runs).hasValue(PreferenceService.MAX_ATTEMPTS);
    assertThat(store.audit).isEmpty();
    assertThat(events.published).isEmpty();
  }

  @Test
  void bad_input_is_rejected_naming_the_field_and_nothing_is_written() {
    assertField(() -> center.update("acme", "u1", " ", null, e -> e), "actor");
    assertField(() -> center.update("acme", "u1", null, null, e -> e), "actor");
    assertField(() -> center.update("", "u1", "a", null, e -> e), "tenantId");
    assertField(() -> center.update("acme", " ", "a", null, e -> e), "recipientId");
    assertField(() -> center.update("acme", "u1", "a", "r".repeat(1001), e -> e), "reason");
    assertField(() -> center.update("acme", "u1", "a", null, null), "change");
    assertField(() -> center.update("acme", "u1", "a", null, e -> null), "change");
    assertField(
        () -> center.update("acme", "u1", "a", null, e -> e.topic(" ", ChannelType.SMS, false)),
        "topic");
    assertField(
        () ->
            center.update(
                "acme", "u1", "a", null, e -> e.topic("bad topic!", ChannelType.SMS, false)),
        "topics");
    assertField(
        () -> center.update("acme", "u1", "a", null, e -> e.channel(null, false)), "channel");
    assertField(() -> center.get("acme", null), "recipientId");
    assertField(() -> center.history("acme", "u1", 0), "limit");
    assertThat(store.audit).isEmpty();
    assertThat(events.published).isEmpty();
  }

  @Test
  void clearing_a_topic_restores_the_channel_wide_choice() {
    center.update(
        "acme",
        "u1",
        "u1",
        null,
        e -> e.channel(ChannelType.EMAIL, false).topic("billing", ChannelType.EMAIL, true));
    Preferences after = center.update("acme", "u1", "u1", null, e -> e.clearTopic("billing"));
    assertThat(after.allows("billing", ChannelType.EMAIL, Priority.NORMAL)).isFalse();
  }

  private static void assertField(Runnable call, String field) {
    assertThatThrownBy(call::run)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
  }
}
