package dev.communicable.testkit;

import static dev.communicable.testkit.Checks.rejectsField;
import static dev.communicable.testkit.TestData.T0;
import static org.assertj.core.api.Assertions.assertThat;

import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import dev.communicable.schedule.Cron;
import dev.communicable.schedule.Schedule;
import dev.communicable.schedule.ScheduleState;
import dev.communicable.schedule.ScheduleStatus;
import dev.communicable.spi.ScheduleStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of {@link ScheduleStore}: schedules per tenant and the leased claim of due ones.
 * Extend it and implement {@link #createStore()}. Each test calls it once and needs an <b>empty</b>
 * store, because {@link ScheduleStore#claimDue} serves every tenant: give a fresh schema or
 * truncate the table. Times are whole minutes around 2026-03-01T10:00Z and are passed in.
 */
public abstract class ScheduleStoreContract {
  private static final Duration LEASE = Duration.ofMinutes(5);

  /** The store under test, made fresh for each test. */
  protected ScheduleStore store;

  private String tenant;

  /** An empty store. Called once before each test. */
  protected abstract ScheduleStore createStore();

  /** Releases the store after each test. The default does nothing. */
  protected void closeStore(ScheduleStore store) throws Exception {}

  @BeforeEach
  final void setUpScheduleStore() {
    store = createStore();
    tenant = TestData.tenant();
  }

  @AfterEach
  final void tearDownScheduleStore() throws Exception {
    closeStore(store);
  }

  private Schedule schedule(String id) {
    return schedule(tenant, id);
  }

  private static Schedule schedule(String tenant, String id) {
    return Schedule.builder(id)
        .cron("0 9 * * *")
        .zone(ZoneId.of("America/New_York"))
        .to(TestData.recipient(tenant))
        .event("reminder.daily")
        .topic("reminders")
        .template("daily-reminder")
        .data(Map.of("count", 3, "text", "é \"quoted\"", "list", List.of("a", "b")))
        .channels(ChannelType.EMAIL, ChannelType.SMS)
        .priority(Priority.HIGH)
        .startAt(T0)
        .endAt(T0.plus(Duration.ofDays(30)))
        .build();
  }

  private static Instant at(int minutes) {
    return T0.plus(Duration.ofMinutes(minutes));
  }

  @Nested
  @DisplayName("save, get, list, delete")
  class Definitions {
    @Test
    void a_new_schedule_is_active_at_version_1_and_reads_back_equal() {
      Schedule s = schedule("daily");

      ScheduleState saved = store.save(s, at(60), T0);

      assertThat(saved)
          .isEqualTo(new ScheduleState(s, ScheduleStatus.ACTIVE, at(60), null, 1, T0, T0));
      assertThat(store.get(tenant, "daily")).contains(saved);
    }

    @Test
    void a_schedule_with_the_default_priority_no_channels_and_no_window_reads_back_equal() {
      Schedule s =
          Schedule.builder("plain")
              .cron("*/15 * * * *")
              .to(TestData.recipient(tenant))
              .event("reminder")
              .template("t")
              .build();

      store.save(s, at(15), T0);

      assertThat(store.get(tenant, "plain").orElseThrow().schedule()).isEqualTo(s);
      assertThat(store.get(tenant, "plain").orElseThrow().schedule().zone())
          .isEqualTo(TestData.TIME_ZONE);
    }

    @Test
    void saving_again_replaces_the_definition_and_keeps_the_created_time() {
      store.save(schedule("daily"), at(60), T0);
      Schedule changed =
          Schedule.builder("daily")
              .cron(Cron.parse("30 8 * * MON-FRI"))
              .to(TestData.recipient(tenant, "user-2"))
              .event("reminder.weekday")
              .template("weekday-reminder")
              .build();

      ScheduleState replaced = store.save(changed, at(120), at(1));

      assertThat(replaced)
          .isEqualTo(
              new ScheduleState(changed, ScheduleStatus.ACTIVE, at(120), null, 2, T0, at(1)));
      assertThat(store.get(tenant, "daily")).contains(replaced);
    }

    @Test
    void a_paused_schedule_saved_again_stays_paused() {
      ScheduleState saved = store.save(schedule("daily"), at(60), T0);
      store.update(tenant, "daily", saved.version(), ScheduleStatus.PAUSED, at(60), T0);

      ScheduleState replaced = store.save(schedule("daily"), at(120), at(1));

      assertThat(replaced.status()).isEqualTo(ScheduleStatus.PAUSED);
      assertThat(store.claimDue("w", 10, at(500), LEASE)).isEmpty();
    }

    @Test
    void a_schedule_saved_without_a_next_run_is_finished() {
      ScheduleState saved = store.save(schedule("daily"), null, T0);

      assertThat(saved.status()).isEqualTo(ScheduleStatus.FINISHED);
      assertThat(saved.nextRunAt()).isNull();
    }

    @Test
    void a_schedule_is_seen_only_in_its_own_tenant() {
      store.save(schedule("daily"), at(60), T0);
      String other = TestData.tenant();

      assertThat(store.get(other, "daily")).isEmpty();
      assertThat(store.list(other, null, 10)).isEmpty();
      assertThat(store.delete(other, "daily")).isFalse();
      assertThat(store.get(tenant, "daily")).isPresent();
    }

    @Test
    void a_missing_schedule_is_empty() {
      assertThat(store.get(tenant, "nothing")).isEmpty();
    }

    @Test
    void the_list_pages_through_the_tenants_schedules_in_id_order() {
      List<String> ids = new ArrayList<>();
      for (int i = 24; i >= 0; i--) {
        String id = String.format("s%02d", i);
        ids.add(0, id);
        store.save(schedule(id), at(60), T0);
      }
      store.save(schedule(TestData.tenant(), "s00"), at(60), T0);

      List<String> seen = new ArrayList<>();
      String after = null;
      for (int page = 0; page < 10; page++) {
        List<ScheduleState> states = store.list(tenant, after, 10);
        states.forEach(s -> seen.add(s.id()));
        assertThat(states).hasSizeLessThanOrEqualTo(10).allMatch(s -> s.tenantId().equals(tenant));
        if (states.size() < 10) {
          break;
        }
        after = states.get(states.size() - 1).id();
      }

      assertThat(seen).isEqualTo(ids);
    }

    @Test
    void a_page_limit_out_of_bounds_is_refused() {
      rejectsField(() -> store.list(tenant, null, 0), "limit");
      rejectsField(() -> store.list(tenant, null, ScheduleStore.MAX_LIMIT + 1), "limit");
    }

    @Test
    void a_deleted_schedule_is_gone_and_a_second_delete_says_so() {
      store.save(schedule("daily"), at(60), T0);

      assertThat(store.delete(tenant, "daily")).isTrue();
      assertThat(store.delete(tenant, "daily")).isFalse();
      assertThat(store.get(tenant, "daily")).isEmpty();
      assertThat(store.claimDue("w", 10, at(500), LEASE)).isEmpty();
    }
  }

  @Nested
  @DisplayName("update")
  class Updates {
    @Test
    void an_update_at_the_expected_version_sets_status_and_next_run() {
      ScheduleState saved = store.save(schedule("daily"), at(60), T0);

      ScheduleState paused =
          store
              .update(tenant, "daily", saved.version(), ScheduleStatus.PAUSED, at(60), at(1))
              .orElseThrow();

      assertThat(paused)
          .isEqualTo(
              new ScheduleState(
                  saved.schedule(), ScheduleStatus.PAUSED, at(60), null, 2, T0, at(1)));
      assertThat(store.get(tenant, "daily")).contains(paused);
    }

    @Test
    void an_update_at_another_version_or_of_a_missing_schedule_changes_nothing() {
      ScheduleState saved = store.save(schedule("daily"), at(60), T0);

      assertThat(store.update(tenant, "daily", 7, ScheduleStatus.PAUSED, at(60), at(1))).isEmpty();
      assertThat(store.update(tenant, "none", 1, ScheduleStatus.PAUSED, at(60), at(1))).isEmpty();
      assertThat(store.get(tenant, "daily")).contains(saved);
    }

    @Test
    void a_paused_schedule_is_not_claimed_and_a_resumed_one_is() {
      ScheduleState saved = store.save(schedule("daily"), at(60), T0);
      ScheduleState paused =
          store
              .update(tenant, "daily", saved.version(), ScheduleStatus.PAUSED, at(60), at(1))
              .orElseThrow();

      assertThat(store.claimDue("w", 10, at(90), LEASE)).isEmpty();

      store.update(tenant, "daily", paused.version(), ScheduleStatus.ACTIVE, at(120), at(91));
      assertThat(store.claimDue("w", 10, at(119), LEASE)).isEmpty();
      assertThat(store.claimDue("w", 10, at(120), LEASE))
          .extracting(ScheduleState::id)
          .containsExactly("daily");
    }
  }

  @Nested
  @DisplayName("claimDue and advance")
  class Claims {
    @Test
    void a_claim_takes_the_due_active_schedules_earliest_first_at_a_new_version() {
      store.save(schedule("late"), at(30), T0);
      store.save(schedule("early"), at(10), T0);
      store.save(schedule("future"), at(61), T0);
      ScheduleState paused = store.save(schedule("paused"), at(5), T0);
      store.update(tenant, "paused", paused.version(), ScheduleStatus.PAUSED, at(5), T0);
      store.save(schedule("finished"), null, T0);

      List<ScheduleState> claimed = store.claimDue("w1", 10, at(60), LEASE);

      assertThat(claimed).extracting(ScheduleState::id).containsExactly("early", "late");
      assertThat(claimed).allMatch(s -> s.version() == 2);
      assertThat(claimed.get(0).nextRunAt()).isEqualTo(at(10));
    }

    @Test
    void a_claim_takes_at_most_its_limit() {
      for (int i = 0; i < 5; i++) {
        store.save(schedule("s" + i), at(i), T0);
      }

      assertThat(store.claimDue("w1", 3, at(60), LEASE))
          .extracting(ScheduleState::id)
          .containsExactly("s0", "s1", "s2");
      assertThat(store.claimDue("w2", 3, at(60), LEASE))
          .extracting(ScheduleState::id)
          .containsExactly("s3", "s4");
    }

    @Test
    void a_leased_schedule_is_not_claimed_again_until_the_lease_runs_out() {
      store.save(schedule("daily"), at(10), T0);
      ScheduleState first = store.claimDue("w1", 10, at(10), LEASE).get(0);

      assertThat(store.claimDue("w2", 10, at(14), LEASE)).isEmpty();
      List<ScheduleState> takenOver = store.claimDue("w2", 10, at(15), LEASE);

      assertThat(takenOver).extracting(ScheduleState::id).containsExactly("daily");
      assertThat(takenOver.get(0).version()).isEqualTo(first.version() + 1);
      assertThat(takenOver.get(0).nextRunAt()).isEqualTo(at(10));
    }

    @Test
    void an_advance_by_the_lease_owner_at_the_claimed_version_moves_the_next_run() {
      store.save(schedule("daily"), at(10), T0);
      ScheduleState claimed = store.claimDue("w1", 10, at(10), LEASE).get(0);

      boolean advanced =
          store.advance(tenant, "daily", claimed.version(), "w1", at(10), at(70), at(11));

      assertThat(advanced).isTrue();
      ScheduleState after = store.get(tenant, "daily").orElseThrow();
      assertThat(after.status()).isEqualTo(ScheduleStatus.ACTIVE);
      assertThat(after.nextRunAt()).isEqualTo(at(70));
      assertThat(after.lastRunAt()).isEqualTo(at(10));
      assertThat(after.version()).isEqualTo(claimed.version() + 1);
      assertThat(after.updatedAt()).isEqualTo(at(11));
      assertThat(store.claimDue("w2", 10, at(69), LEASE)).isEmpty();
      assertThat(store.claimDue("w2", 10, at(70), LEASE)).hasSize(1);
    }

    @Test
    void an_advance_without_a_next_run_finishes_the_schedule() {
      store.save(schedule("daily"), at(10), T0);
      ScheduleState claimed = store.claimDue("w1", 10, at(10), LEASE).get(0);

      assertThat(store.advance(tenant, "daily", claimed.version(), "w1", at(10), null, at(11)))
          .isTrue();

      ScheduleState after = store.get(tenant, "daily").orElseThrow();
      assertThat(after.status()).isEqualTo(ScheduleStatus.FINISHED);
      assertThat(after.nextRunAt()).isNull();
      assertThat(store.claimDue("w1", 10, at(100_000), LEASE)).isEmpty();
    }

    @Test
    void an_advance_after_the_lease_was_taken_over_is_refused_and_changes_nothing() {
      store.save(schedule("daily"), at(10), T0);
      ScheduleState first = store.claimDue("w1", 10, at(10), LEASE).get(0);
      ScheduleState second = store.claimDue("w2", 10, at(20), LEASE).get(0);

      assertThat(store.advance(tenant, "daily", first.version(), "w1", at(10), at(70), at(21)))
          .isFalse();
      assertThat(store.advance(tenant, "daily", second.version(), "w1", at(10), at(70), at(21)))
          .isFalse();
      assertThat(store.get(tenant, "daily").orElseThrow().nextRunAt()).isEqualTo(at(10));
      assertThat(store.advance(tenant, "daily", second.version(), "w2", at(10), at(70), at(21)))
          .isTrue();
    }

    @Test
    void an_advance_after_the_schedule_was_paused_or_replaced_is_refused() {
      store.save(schedule("daily"), at(10), T0);
      ScheduleState claimed = store.claimDue("w1", 10, at(10), LEASE).get(0);
      store.update(tenant, "daily", claimed.version(), ScheduleStatus.PAUSED, at(10), at(11));

      assertThat(store.advance(tenant, "daily", claimed.version(), "w1", at(10), at(70), at(12)))
          .isFalse();
      assertThat(store.get(tenant, "daily").orElseThrow().status())
          .isEqualTo(ScheduleStatus.PAUSED);

      store.save(schedule("other"), at(10), T0);
      ScheduleState other = store.claimDue("w1", 10, at(10), LEASE).get(0);
      store.save(schedule("other"), at(30), at(11));
      assertThat(store.advance(tenant, "other", other.version(), "w1", at(10), at(70), at(12)))
          .isFalse();
      assertThat(store.get(tenant, "other").orElseThrow().nextRunAt()).isEqualTo(at(30));
    }

    @Test
    void an_advance_of_a_deleted_schedule_is_refused() {
      store.save(schedule("daily"), at(10), T0);
      ScheduleState claimed = store.claimDue("w1", 10, at(10), LEASE).get(0);
      store.delete(tenant, "daily");

      assertThat(store.advance(tenant, "daily", claimed.version(), "w1", at(10), at(70), at(11)))
          .isFalse();
      assertThat(store.get(tenant, "daily")).isEmpty();
    }

    @Test
    void bad_claim_arguments_are_refused() {
      rejectsField(() -> store.claimDue(" ", 10, T0, LEASE), "workerId");
      rejectsField(() -> store.claimDue("w", 0, T0, LEASE), "limit");
      rejectsField(() -> store.claimDue("w", ScheduleStore.MAX_LIMIT + 1, T0, LEASE), "limit");
      rejectsField(() -> store.claimDue("w", 10, T0, Duration.ZERO), "lease");
    }

    @Test
    @Timeout(60)
    void concurrent_claimers_never_take_the_same_schedule() throws Exception {
      for (int i = 0; i < 40; i++) {
        store.save(schedule(String.format("s%02d", i)), at(i % 7), T0);
      }

      List<List<String>> taken =
          Checks.concurrently(
              4,
              () -> {
                String worker = "w-" + Thread.currentThread().getId();
                List<String> ids = new ArrayList<>();
                for (int round = 0; round < 20; round++) {
                  store.claimDue(worker, 3, at(60), LEASE).forEach(s -> ids.add(s.id()));
                }
                return ids;
              });

      Set<String> all = new HashSet<>();
      int count = 0;
      for (List<String> ids : taken) {
        all.addAll(ids);
        count += ids.size();
      }
      assertThat(count).isEqualTo(40);
      assertThat(all).hasSize(40);
    }
  }
}
