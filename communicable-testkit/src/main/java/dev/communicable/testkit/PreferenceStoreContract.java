package dev.communicable.testkit;

import static dev.communicable.testkit.Checks.rejectsField;
import static dev.communicable.testkit.TestData.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.channel.ChannelType;
import dev.communicable.policy.QuietHours;
import dev.communicable.preference.PreferenceChange;
import dev.communicable.preference.Preferences;
import dev.communicable.spi.PreferenceStore;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of {@link PreferenceStore}: version-guarded saves with an audit trail. Extend it and
 * implement {@link #createStore()}; every test uses its own random tenant, so one store may serve
 * all tests.
 */
public abstract class PreferenceStoreContract {

  /** The store under test. */
  protected PreferenceStore store;

  private String tenant;

  /** The store to test. Called once before each test. */
  protected abstract PreferenceStore createStore();

  /** Releases the store after each test. The default does nothing. */
  protected void closeStore(PreferenceStore store) throws Exception {}

  @BeforeEach
  final void setUpPreferenceStore() {
    store = createStore();
    tenant = TestData.tenant();
  }

  @AfterEach
  final void tearDownPreferenceStore() throws Exception {
    closeStore(store);
  }

  private Preferences prefs(String recipient, long version, boolean smsOn) {
    return new Preferences(
        tenant,
        recipient,
        Map.of(ChannelType.SMS, smsOn, ChannelType.EMAIL, true),
        Map.of("marketing", Map.of(ChannelType.EMAIL, false)),
        false,
        QuietHours.between(LocalTime.of(22, 0), LocalTime.of(7, 30)),
        true,
        version);
  }

  private PreferenceChange change(@Nullable Preferences before, Preferences after, int second) {
    return new PreferenceChange(
        tenant,
        after.recipientId(),
        "user:" + after.recipientId(),
        T0.plusSeconds(second),
        before,
        after,
        "edited");
  }

  @Test
  void nothing_is_found_for_a_recipient_who_never_chose() {
    assertThat(store.find(tenant, "u1")).isEmpty();
    assertThat(store.history(tenant, "u1", 10)).isEmpty();
  }

  @Test
  void find_all_gives_the_stored_preferences_of_those_who_chose_and_leaves_out_the_others() {
    Preferences u1 = prefs("u1", 1, false);
    Preferences u3 = prefs("u3", 1, true);
    store.save(change(null, u1, 0));
    store.save(change(null, u3, 1));
    List<String> ids = new java.util.ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      ids.add("u" + i);
    }

    assertThat(store.findAll(tenant, ids)).isEqualTo(java.util.Map.of("u1", u1, "u3", u3));
    assertThat(store.findAll(TestData.tenant(), ids)).isEmpty();
    assertThat(store.findAll(tenant, List.of())).isEmpty();
  }

  @Test
  void the_first_save_stores_the_preferences_and_its_change() {
    Preferences v1 = prefs("u1", 1, false);
    PreferenceChange first = change(null, v1, 0);

    assertThat(store.save(first)).isTrue();

    assertThat(store.find(tenant, "u1")).contains(v1);
    assertThat(store.history(tenant, "u1", 10)).containsExactly(first);
  }

  @Test
  void a_save_over_the_current_version_replaces_it_and_history_is_newest_first() {
    Preferences v1 = prefs("u1", 1, false);
    Preferences v2 = prefs("u1", 2, true);
    Preferences v3 = prefs("u1", 3, false);
    PreferenceChange c1 = change(null, v1, 0);
    PreferenceChange c2 = change(v1, v2, 1);
    PreferenceChange c3 = change(v2, v3, 2);

    assertThat(store.save(c1)).isTrue();
    assertThat(store.save(c2)).isTrue();
    assertThat(store.save(c3)).isTrue();

    assertThat(store.find(tenant, "u1")).contains(v3);
    assertThat(store.history(tenant, "u1", 10)).containsExactly(c3, c2, c1);
    assertThat(store.history(tenant, "u1", 2)).containsExactly(c3, c2);
  }

  @Test
  void a_save_based_on_a_stale_read_is_refused_and_writes_nothing() {
    Preferences v1 = prefs("u1", 1, false);
    Preferences v2 = prefs("u1", 2, true);
    store.save(change(null, v1, 0));
    store.save(change(v1, v2, 1));

    Preferences stale = prefs("u1", 2, false);
    assertThat(store.save(change(v1, stale, 2))).isFalse();
    assertThat(store.save(change(null, prefs("u1", 1, true), 3)))
        .as("a first save when some are stored")
        .isFalse();

    assertThat(store.find(tenant, "u1")).contains(v2);
    assertThat(store.history(tenant, "u1", 10)).hasSize(2);
  }

  @Test
  @Timeout(60)
  void of_concurrent_saves_from_the_same_read_exactly_one_wins() throws Exception {
    Preferences v1 = prefs("u1", 1, false);
    store.save(change(null, v1, 0));
    AtomicInteger n = new AtomicInteger();

    List<Boolean> saved =
        Checks.concurrently(
            8,
            () -> {
              int i = n.incrementAndGet();
              return store.save(change(v1, prefs("u1", 2, i % 2 == 0), i));
            });

    assertThat(saved).containsOnlyOnce(true);
    assertThat(store.find(tenant, "u1")).get().extracting(Preferences::version).isEqualTo(2L);
    assertThat(store.history(tenant, "u1", 10)).hasSize(2);
    assertThat(store.history(tenant, "u1", 1).get(0).after())
        .isEqualTo(store.find(tenant, "u1").get());
  }

  @Test
  void recipients_and_tenants_are_separate() {
    store.save(change(null, prefs("u1", 1, false), 0));

    assertThat(store.find(tenant, "u2")).isEmpty();
    assertThat(store.find(TestData.tenant(), "u1")).isEmpty();
    assertThat(store.history(TestData.tenant(), "u1", 10)).isEmpty();
  }

  @Test
  void bad_input_is_refused_naming_the_field_and_nothing_is_stored() {
    Preferences v1 = prefs("u1", 1, false);
    rejectsField(() -> store.find(" ", "u1"), "tenantId");
    rejectsField(() -> store.find(tenant, ""), "recipientId");
    rejectsField(() -> store.history(tenant, "u1", 0), "limit");
    rejectsField(() -> store.save(null), "change");
    rejectsField(() -> store.save(change(null, prefs("u1", 5, false), 0)), "change.after.version");
    rejectsField(
        () -> store.save(new PreferenceChange(tenant, "u2", "admin", T0, null, v1, null)),
        "change.after");

    assertThat(store.find(tenant, "u1")).isEmpty();
    assertThat(store.find(tenant, "u2")).isEmpty();
  }
}
