package dev.communicable.testkit;

import static dev.communicable.testkit.TestData.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.communicable.InvalidRequestException;
import dev.communicable.MessageId;
import dev.communicable.Priority;
import dev.communicable.Recipient;
import dev.communicable.spi.DigestItems;
import dev.communicable.spi.DigestJoin;
import dev.communicable.spi.RunUpdate;
import dev.communicable.spi.StoredRun;
import dev.communicable.spi.TriggeredRuns;
import dev.communicable.spi.WorkflowRunStore;
import dev.communicable.workflow.RunState;
import dev.communicable.workflow.RunStep;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of {@link WorkflowRunStore}: runs started once per trigger key, claimed with a
 * lease, written back guarded by version and lease, cancelled, woken, digests, and the purge of
 * finished history. Extend it and implement {@link #createStore()}. The claim and the purges serve
 * every tenant, so each test needs an empty store (the purge tests count what they remove).
 */
public abstract class WorkflowRunStoreContract {

  /** The store under test. */
  protected WorkflowRunStore store;

  private String tenant;
  private Recipient recipient;

  /** An empty store. Called once before each test. */
  protected abstract WorkflowRunStore createStore();

  /** Releases the store after each test. The default does nothing. */
  protected void closeStore(WorkflowRunStore store) throws Exception {}

  @BeforeEach
  final void setUpRunStore() {
    store = createStore();
    tenant = TestData.tenant();
    recipient = TestData.recipient(tenant);
  }

  @AfterEach
  final void tearDownRunStore() throws Exception {
    closeStore(store);
  }

  private StoredRun newRun(String workflowId, @Nullable String correlation, Instant at) {
    return newRun(workflowId, correlation, at, Priority.NORMAL, recipient);
  }

  private StoredRun newRun(
      String workflowId,
      @Nullable String correlation,
      Instant at,
      Priority priority,
      Recipient who) {
    return StoredRun.start(
        UUID.randomUUID(),
        workflowId,
        1,
        "invoice.overdue",
        null,
        who,
        Map.of("invoiceId", correlation == null ? "none" : correlation, "amount", 42),
        priority,
        correlation,
        at);
  }

  private UUID started(StoredRun run) {
    return store
        .start(
            tenant, "key-" + run.id(), T0.plus(Duration.ofDays(1)), List.of(run), run.createdAt())
        .runIds()
        .get(0);
  }

  private StoredRun claimOne(Instant now) {
    List<StoredRun> claimed = store.claim("w1", 10, now, now.plus(Duration.ofMinutes(5)));
    assertThat(claimed).hasSize(1);
    return claimed.get(0);
  }

  @Nested
  class Starting {
    @Test
    void a_started_run_reads_back_with_its_event_and_a_start_record() {
      StoredRun run = newRun("invoice-overdue", "F-17", T0);
      TriggeredRuns started = store.start(tenant, "evt-1", T0.plusSeconds(60), List.of(run), T0);

      assertThat(started.duplicate()).isFalse();
      assertThat(started.runIds()).containsExactly(run.id());
      StoredRun read = store.run(tenant, run.id()).orElseThrow();
      assertThat(read.state()).isEqualTo(RunState.RUNNING);
      assertThat(read.recipient()).isEqualTo(recipient);
      assertThat(read.data()).containsEntry("invoiceId", "F-17");
      assertThat(((Number) read.data().get("amount")).intValue()).isEqualTo(42);
      assertThat(read.correlation()).isEqualTo("F-17");
      assertThat(read.dueAt()).isEqualTo(T0);
      assertThat(store.steps(tenant, run.id()))
          .extracting(RunStep::seq, RunStep::stepId, RunStep::outcome)
          .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "start", "started"));
    }

    @Test
    void the_same_key_within_its_window_starts_nothing_and_answers_the_first_runs() {
      StoredRun first = newRun("invoice-overdue", "F-17", T0);
      store.start(tenant, "evt-1", T0.plusSeconds(60), List.of(first), T0);

      StoredRun again = newRun("invoice-overdue", "F-17", T0.plusSeconds(30));
      TriggeredRuns second =
          store.start(tenant, "evt-1", T0.plusSeconds(90), List.of(again), T0.plusSeconds(30));

      assertThat(second.duplicate()).isTrue();
      assertThat(second.runIds()).containsExactly(first.id());
      assertThat(store.run(tenant, again.id())).isEmpty();
    }

    @Test
    void a_key_past_its_window_starts_again() {
      store.start(tenant, "evt-1", T0.plusSeconds(60), List.of(newRun("w", null, T0)), T0);

      StoredRun later = newRun("w", null, T0.plusSeconds(61));
      TriggeredRuns again =
          store.start(tenant, "evt-1", T0.plusSeconds(200), List.of(later), T0.plusSeconds(61));

      assertThat(again.duplicate()).isFalse();
      assertThat(again.runIds()).containsExactly(later.id());
    }

    @Test
    void keys_are_per_tenant() {
      store.start(tenant, "evt-1", T0.plusSeconds(60), List.of(newRun("w", null, T0)), T0);
      String other = TestData.tenant();
      StoredRun theirs = newRun("w", null, T0, Priority.NORMAL, TestData.recipient(other));

      assertThat(store.start(other, "evt-1", T0.plusSeconds(60), List.of(theirs), T0).duplicate())
          .isFalse();
      assertThat(store.run(tenant, theirs.id())).isEmpty();
    }
  }

  @Nested
  class Claiming {
    @Test
    void a_due_run_is_claimed_once_until_its_lease_runs_out() {
      UUID id = started(newRun("w", null, T0));

      StoredRun claimed = claimOne(T0);
      assertThat(claimed.id()).isEqualTo(id);
      assertThat(claimed.leaseOwner()).isEqualTo("w1");
      assertThat(store.claim("w2", 10, T0.plusSeconds(60), T0.plusSeconds(360))).isEmpty();

      List<StoredRun> takenOver =
          store.claim("w2", 10, T0.plus(Duration.ofMinutes(6)), T0.plus(Duration.ofMinutes(11)));
      assertThat(takenOver).extracting(StoredRun::id).containsExactly(id);
      assertThat(takenOver.get(0).version()).isGreaterThan(claimed.version());
    }

    @Test
    void a_run_not_yet_due_is_not_claimed() {
      started(newRun("w", null, T0.plusSeconds(10)));

      assertThat(store.claim("w1", 10, T0, T0.plusSeconds(300))).isEmpty();
    }

    @Test
    void critical_runs_are_claimed_first_then_the_earliest_due() {
      UUID late = started(newRun("w", null, T0.plusSeconds(2)));
      UUID early = started(newRun("w", null, T0.plusSeconds(1)));
      UUID critical = started(newRun("w", null, T0.plusSeconds(3), Priority.CRITICAL, recipient));

      List<StoredRun> claimed = store.claim("w1", 2, T0.plusSeconds(5), T0.plusSeconds(300));

      assertThat(claimed).extracting(StoredRun::id).containsExactlyInAnyOrder(critical, early);
      assertThat(store.claim("w1", 2, T0.plusSeconds(5), T0.plusSeconds(300)))
          .extracting(StoredRun::id)
          .containsExactly(late);
    }

    @Test
    @Timeout(30)
    void concurrent_claimers_never_get_the_same_run() throws Exception {
      Set<UUID> ids = new HashSet<>();
      for (int i = 0; i < 40; i++) {
        ids.add(started(newRun("w", null, T0)));
      }
      List<List<UUID>> claims =
          Checks.concurrently(
              4,
              () -> {
                List<UUID> mine = new ArrayList<>();
                for (int round = 0; round < 20; round++) {
                  String me = "w-" + Thread.currentThread().getId();
                  store.claim(me, 5, T0, T0.plusSeconds(300)).forEach(r -> mine.add(r.id()));
                }
                return mine;
              });
      List<UUID> all = claims.stream().flatMap(List::stream).toList();
      assertThat(all).doesNotHaveDuplicates();
      assertThat(new HashSet<>(all)).isEqualTo(ids);
    }
  }

  @Nested
  class Updating {
    @Test
    void the_holder_writes_the_run_and_its_steps_and_gives_up_the_lease() {
      UUID id = started(newRun("w", null, T0));
      StoredRun claimed = claimOne(T0);
      MessageId sent = new MessageId(UUID.randomUUID());
      StoredRun next =
          claimed.next(
              RunState.WAITING,
              2,
              claimed.data(),
              Map.of("message.email", sent.toString()),
              sent,
              T0.plus(Duration.ofHours(2)),
              T0);

      boolean written =
          store.update(
              new RunUpdate(
                  next,
                  claimed.version(),
                  "w1",
                  List.of(
                      RunStep.of("email", "send", "sent", sent.toString(), T0),
                      RunStep.of("wait", "waitFor", "waiting", "until 12:00", T0))));

      assertThat(written).isTrue();
      StoredRun read = store.run(tenant, id).orElseThrow();
      assertThat(read.state()).isEqualTo(RunState.WAITING);
      assertThat(read.nextStep()).isEqualTo(2);
      assertThat(read.context()).containsEntry("message.email", sent.toString());
      assertThat(read.waitingFor()).isEqualTo(sent);
      assertThat(read.dueAt()).isEqualTo(T0.plus(Duration.ofHours(2)));
      assertThat(read.leaseOwner()).isNull();
      assertThat(store.steps(tenant, id))
          .extracting(RunStep::seq, RunStep::stepId)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple(1, "start"),
              org.assertj.core.groups.Tuple.tuple(2, "email"),
              org.assertj.core.groups.Tuple.tuple(3, "wait"));
    }

    @Test
    void a_write_with_an_old_version_or_another_owner_loses_and_writes_nothing() {
      UUID id = started(newRun("w", null, T0));
      StoredRun claimed = claimOne(T0);
      StoredRun done = claimed.end(RunState.COMPLETED, T0);

      assertThat(store.update(new RunUpdate(done, claimed.version() - 1, "w1", List.of())))
          .isFalse();
      assertThat(store.update(new RunUpdate(done, claimed.version(), "w2", List.of()))).isFalse();
      assertThat(store.run(tenant, id).orElseThrow().state()).isEqualTo(RunState.RUNNING);
      assertThat(store.steps(tenant, id)).hasSize(1);

      assertThat(
              store.update(
                  new RunUpdate(
                      done,
                      claimed.version(),
                      "w1",
                      List.of(RunStep.of("exit", "exit", "completed", null, T0)))))
          .isTrue();
      assertThat(store.run(tenant, id).orElseThrow().dueAt()).isNull();
    }

    @Test
    void a_released_run_is_claimed_again_at_once() {
      UUID id = started(newRun("w", null, T0));
      claimOne(T0);

      store.release(tenant, id, "someone-else");
      assertThat(store.claim("w2", 10, T0, T0.plusSeconds(300))).isEmpty();
      store.release(tenant, id, "w1");
      assertThat(store.claim("w2", 10, T0, T0.plusSeconds(300)))
          .extracting(StoredRun::id)
          .containsExactly(id);
    }
  }

  @Nested
  class Reading {
    @Test
    void runs_list_newest_first_in_bounded_pages_per_recipient() {
      Recipient other = TestData.recipient(tenant, "user-2");
      List<UUID> mine = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        mine.add(started(newRun("w", null, T0.plusSeconds(i))));
      }
      started(newRun("w", null, T0.plusSeconds(9), Priority.NORMAL, other));
      started(newRun("another", null, T0.plusSeconds(9)));

      List<StoredRun> page1 = store.runs(tenant, "w", recipient.id(), null, 3);
      List<StoredRun> page2 = store.runs(tenant, "w", recipient.id(), page1.get(2).id(), 3);

      assertThat(page1)
          .extracting(StoredRun::id)
          .containsExactly(mine.get(4), mine.get(3), mine.get(2));
      assertThat(page2).extracting(StoredRun::id).containsExactly(mine.get(1), mine.get(0));
      assertThat(store.runs(tenant, "w", null, null, 10)).hasSize(6);
      assertThat(store.runs(TestData.tenant(), "w", null, null, 10)).isEmpty();
    }

    @Test
    void another_tenants_run_is_not_found() {
      UUID id = started(newRun("w", null, T0));

      assertThat(store.run(TestData.tenant(), id)).isEmpty();
      assertThat(store.steps(TestData.tenant(), id)).isEmpty();
    }
  }

  @Nested
  class Cancelling {
    @Test
    void the_active_runs_of_a_correlation_value_are_cancelled_with_a_record() {
      UUID f17 = started(newRun("w", "F-17", T0));
      UUID f18 = started(newRun("w", "F-18", T0));
      UUID otherWorkflow = started(newRun("x", "F-17", T0));

      List<UUID> cancelled =
          store.cancelCorrelated(
              tenant,
              "w",
              "F-17",
              RunStep.of("cancel", "run", "cancelled", "invoice.paid", T0),
              T0);

      assertThat(cancelled).containsExactly(f17);
      StoredRun read = store.run(tenant, f17).orElseThrow();
      assertThat(read.state()).isEqualTo(RunState.CANCELLED);
      assertThat(read.dueAt()).isNull();
      assertThat(store.steps(tenant, f17))
          .last()
          .extracting(RunStep::outcome)
          .isEqualTo("cancelled");
      assertThat(store.run(tenant, f18).orElseThrow().state()).isEqualTo(RunState.RUNNING);
      assertThat(store.run(tenant, otherWorkflow).orElseThrow().state())
          .isEqualTo(RunState.RUNNING);
      assertThat(
              store.cancelCorrelated(
                  tenant, "w", "F-17", RunStep.of("cancel", "run", "cancelled", null, T0), T0))
          .isEmpty();
    }

    @Test
    void a_cancelled_run_is_not_claimed_and_its_holder_loses_its_write() {
      UUID id = started(newRun("w", null, T0));
      StoredRun claimed = claimOne(T0);

      assertThat(store.cancel(tenant, id, RunStep.of("cancel", "run", "cancelled", null, T0), T0))
          .isTrue();
      assertThat(store.cancel(tenant, id, RunStep.of("cancel", "run", "cancelled", null, T0), T0))
          .isFalse();
      assertThat(
              store.update(
                  new RunUpdate(
                      claimed.end(RunState.COMPLETED, T0), claimed.version(), "w1", List.of())))
          .isFalse();
      assertThat(store.claim("w1", 10, T0.plus(Duration.ofHours(1)), T0.plus(Duration.ofHours(2))))
          .isEmpty();
    }
  }

  @Nested
  class Waking {
    @Test
    void a_receipt_makes_the_runs_waiting_for_its_message_due_now() {
      UUID id = started(newRun("w", null, T0));
      StoredRun claimed = claimOne(T0);
      MessageId sent = new MessageId(UUID.randomUUID());
      store.update(
          new RunUpdate(
              claimed.next(
                  RunState.WAITING,
                  1,
                  claimed.data(),
                  Map.of(),
                  sent,
                  T0.plus(Duration.ofHours(2)),
                  T0),
              claimed.version(),
              "w1",
              List.of()));

      assertThat(store.wake(tenant, new MessageId(UUID.randomUUID()), T0.plusSeconds(60))).isZero();
      assertThat(store.claim("w1", 10, T0.plusSeconds(60), T0.plusSeconds(360))).isEmpty();
      assertThat(store.wake(tenant, sent, T0.plusSeconds(60))).isEqualTo(1);
      assertThat(store.claim("w1", 10, T0.plusSeconds(60), T0.plusSeconds(360)))
          .extracting(StoredRun::id)
          .containsExactly(id);
    }

    @Test
    void waking_a_run_its_holder_is_executing_makes_the_holders_write_lose() {
      started(newRun("w", null, T0));
      StoredRun claimed = claimOne(T0);
      MessageId sent = new MessageId(UUID.randomUUID());
      store.update(
          new RunUpdate(
              claimed.next(
                  RunState.WAITING, 1, claimed.data(), Map.of(), sent, T0.plusSeconds(99), T0),
              claimed.version(),
              "w1",
              List.of()));
      StoredRun again = claimOne(T0.plusSeconds(100));

      store.wake(tenant, sent, T0.plusSeconds(100));

      assertThat(
              store.update(
                  new RunUpdate(
                      again.end(RunState.COMPLETED, T0.plusSeconds(100)),
                      again.version(),
                      "w1",
                      List.of())))
          .isFalse();
    }
  }

  @Nested
  class Digests {
    @Test
    void the_first_run_collects_later_ones_merge_and_closing_returns_the_items() {
      StoredRun first = newRun("w", null, T0);
      started(first);
      Instant closes = T0.plus(Duration.ofHours(1));

      DigestJoin a =
          store.joinDigest(tenant, "d1", first.id(), Map.of("n", 1), 10, false, closes, T0);
      assertThat(a.outcome()).isEqualTo(DigestJoin.Outcome.COLLECTOR);
      assertThat(a.closesAt()).isEqualTo(closes);
      for (int i = 2; i <= 4; i++) {
        StoredRun next = newRun("w", null, T0.plusSeconds(i));
        started(next);
        DigestJoin joined =
            store.joinDigest(
                tenant, "d1", next.id(), Map.of("n", i), 10, false, closes.plusSeconds(i), T0);
        assertThat(joined.outcome()).isEqualTo(DigestJoin.Outcome.MERGED);
        assertThat(joined.collectorId()).isEqualTo(first.id());
        assertThat(joined.closesAt()).isEqualTo(closes);
      }
      assertThat(store.joinDigest(tenant, "d1", first.id(), Map.of("n", 1), 10, false, closes, T0))
          .extracting(DigestJoin::outcome)
          .isEqualTo(DigestJoin.Outcome.COLLECTOR);

      DigestItems items = store.closeDigest(tenant, "d1", first.id());

      assertThat(items.count()).isEqualTo(4);
      assertThat(items.items())
          .extracting(m -> ((Number) m.get("n")).intValue())
          .containsExactly(1, 2, 3, 4);
      assertThat(store.closeDigest(tenant, "d1", first.id()).count()).isEqualTo(4);
      StoredRun after = newRun("w", null, T0.plusSeconds(9));
      started(after);
      assertThat(
              store
                  .joinDigest(tenant, "d1", after.id(), Map.of("n", 5), 10, false, closes, T0)
                  .outcome())
          .isEqualTo(DigestJoin.Outcome.COLLECTOR);
    }

    @Test
    void items_over_the_bound_are_counted_not_kept() {
      StoredRun first = newRun("w", null, T0);
      started(first);
      Instant closes = T0.plus(Duration.ofHours(1));
      store.joinDigest(tenant, "d1", first.id(), Map.of("n", 0), 3, false, closes, T0);
      for (int i = 1; i < 6; i++) {
        StoredRun next = newRun("w", null, T0);
        started(next);
        store.joinDigest(tenant, "d1", next.id(), Map.of("n", i), 3, false, closes, T0);
      }

      DigestItems items = store.closeDigest(tenant, "d1", first.id());

      assertThat(items.count()).isEqualTo(6);
      assertThat(items.items()).hasSize(3);
      assertThat(items.omitted()).isEqualTo(3);
    }

    @Test
    void a_backoff_digest_lets_the_first_event_through_and_collects_the_next_ones() {
      Instant closes = T0.plus(Duration.ofMinutes(10));
      StoredRun first = newRun("w", null, T0);
      StoredRun second = newRun("w", null, T0.plusSeconds(60));
      StoredRun third = newRun("w", null, T0.plusSeconds(120));
      StoredRun later = newRun("w", null, T0.plus(Duration.ofMinutes(30)));
      List.of(first, second, third, later).forEach(WorkflowRunStoreContract.this::started);

      assertThat(
              store.joinDigest(tenant, "b", first.id(), Map.of(), 10, true, closes, T0).outcome())
          .isEqualTo(DigestJoin.Outcome.PASSED);
      DigestJoin collecting =
          store.joinDigest(
              tenant,
              "b",
              second.id(),
              Map.of(),
              10,
              true,
              closes.plusSeconds(60),
              T0.plusSeconds(60));
      assertThat(collecting.outcome()).isEqualTo(DigestJoin.Outcome.COLLECTOR);
      assertThat(collecting.closesAt()).isEqualTo(closes);
      assertThat(
              store
                  .joinDigest(
                      tenant, "b", third.id(), Map.of(), 10, true, closes, T0.plusSeconds(120))
                  .outcome())
          .isEqualTo(DigestJoin.Outcome.MERGED);
      store.closeDigest(tenant, "b", second.id());
      assertThat(
              store
                  .joinDigest(
                      tenant,
                      "b",
                      later.id(),
                      Map.of(),
                      10,
                      true,
                      T0.plus(Duration.ofMinutes(40)),
                      T0.plus(Duration.ofMinutes(30)))
                  .outcome())
          .isEqualTo(DigestJoin.Outcome.PASSED);
    }

    @Test
    void a_cancelled_collector_is_replaced_by_the_next_run() {
      StoredRun first = newRun("w", null, T0);
      StoredRun next = newRun("w", null, T0);
      started(first);
      started(next);
      Instant closes = T0.plus(Duration.ofHours(1));
      store.joinDigest(tenant, "d", first.id(), Map.of(), 10, false, closes, T0);
      store.cancel(tenant, first.id(), RunStep.of("cancel", "run", "cancelled", null, T0), T0);

      DigestJoin joined = store.joinDigest(tenant, "d", next.id(), Map.of(), 10, false, closes, T0);

      assertThat(joined.outcome()).isEqualTo(DigestJoin.Outcome.COLLECTOR);
      assertThat(joined.collectorId()).isEqualTo(next.id());
    }
  }

  @Nested
  class Purging {
    private RunStep cancelRecord(Instant at) {
      return RunStep.of("cancel", "run", "cancelled", null, at);
    }

    /** A run started at T0 and ended (cancelled) at {@code endedAt}. */
    private UUID finishedAt(Instant endedAt) {
      UUID id = started(newRun("w", null, T0));
      assertThat(store.cancel(tenant, id, cancelRecord(endedAt), endedAt)).isTrue();
      return id;
    }

    @Test
    void a_finished_old_run_goes_with_its_steps_and_a_recent_or_active_one_stays() {
      UUID old = finishedAt(T0.plusSeconds(1));
      UUID recent = finishedAt(T0.plus(Duration.ofHours(2)));
      UUID active = started(newRun("w", null, T0));
      Instant cutoff = T0.plus(Duration.ofHours(1));

      assertThat(store.purge(cutoff, 10)).isEqualTo(1);

      assertThat(store.run(tenant, old)).isEmpty();
      assertThat(store.steps(tenant, old)).isEmpty();
      assertThat(store.run(tenant, recent)).isPresent();
      assertThat(store.steps(tenant, recent)).hasSize(2);
      assertThat(store.run(tenant, active).orElseThrow().state()).isEqualTo(RunState.RUNNING);
      assertThat(store.steps(tenant, active)).hasSize(1);
      assertThat(store.purge(T0.plus(Duration.ofDays(365)), 10))
          .as("an active run is never purged, however old the cut-off")
          .isEqualTo(1);
      assertThat(store.run(tenant, recent)).isEmpty();
      assertThat(store.run(tenant, active)).isPresent();
    }

    @Test
    void a_completed_run_is_purged_like_a_cancelled_one() {
      UUID id = started(newRun("w", null, T0));
      StoredRun claimed = claimOne(T0);
      assertThat(
              store.update(
                  new RunUpdate(
                      claimed.end(RunState.COMPLETED, T0.plusSeconds(5)),
                      claimed.version(),
                      "w1",
                      List.of(RunStep.of("end", "run", "completed", null, T0.plusSeconds(5))))))
          .isTrue();

      assertThat(store.purge(T0.plusSeconds(5), 10)).as("not before the cut-off").isZero();
      assertThat(store.purge(T0.plusSeconds(6), 10)).isEqualTo(1);
      assertThat(store.run(tenant, id)).isEmpty();
    }

    @Test
    void the_limit_is_honoured_oldest_first() {
      List<UUID> ids = new ArrayList<>();
      for (int i = 1; i <= 5; i++) {
        ids.add(finishedAt(T0.plusSeconds(i)));
      }
      Instant cutoff = T0.plus(Duration.ofHours(1));

      assertThat(store.purge(cutoff, 2)).isEqualTo(2);
      assertThat(store.run(tenant, ids.get(0))).isEmpty();
      assertThat(store.run(tenant, ids.get(1))).isEmpty();
      assertThat(store.run(tenant, ids.get(2))).isPresent();
      assertThat(store.purge(cutoff, 2)).isEqualTo(2);
      assertThat(store.purge(cutoff, 2)).isEqualTo(1);
      assertThat(store.purge(cutoff, 2)).isZero();
      ids.forEach(id -> assertThat(store.run(tenant, id)).isEmpty());
    }

    @Test
    void a_digest_still_collecting_keeps_its_items_and_its_collector_takes_them_when_purged() {
      StoredRun collector = newRun("w", null, T0);
      StoredRun merged = newRun("w", null, T0);
      started(collector);
      started(merged);
      Instant closes = T0.plus(Duration.ofHours(1));
      store.joinDigest(tenant, "d", collector.id(), Map.of("n", 1), 10, false, closes, T0);
      store.joinDigest(tenant, "d", merged.id(), Map.of("n", 2), 10, false, closes, T0);
      store.cancel(tenant, merged.id(), cancelRecord(T0), T0);
      Instant late = T0.plus(Duration.ofDays(30));

      assertThat(store.purge(late, 10)).as("the merged run only").isEqualTo(1);

      assertThat(store.run(tenant, merged.id())).isEmpty();
      StoredRun joiner = newRun("w", null, late);
      started(joiner);
      assertThat(
              store
                  .joinDigest(tenant, "d", joiner.id(), Map.of("n", 3), 10, false, late, late)
                  .outcome())
          .as("the digest still collects, its window long closed")
          .isEqualTo(DigestJoin.Outcome.MERGED);
      DigestItems items = store.closeDigest(tenant, "d", collector.id());
      assertThat(items.items())
          .extracting(m -> ((Number) m.get("n")).intValue())
          .containsExactly(1, 2, 3);

      store.cancel(tenant, collector.id(), cancelRecord(late), late);
      store.cancel(tenant, joiner.id(), cancelRecord(late), late);
      assertThat(store.purge(late.plusSeconds(1), 10)).isEqualTo(2);
      assertThat(store.closeDigest(tenant, "d", collector.id()).count())
          .as("the items went with their collector")
          .isZero();
    }

    @Test
    void a_digest_row_no_active_run_collects_goes_once_its_window_closed() {
      StoredRun first = newRun("w", null, T0);
      started(first);
      Instant closes = T0.plus(Duration.ofMinutes(10));
      assertThat(
              store.joinDigest(tenant, "b", first.id(), Map.of(), 10, true, closes, T0).outcome())
          .isEqualTo(DigestJoin.Outcome.PASSED);

      assertThat(store.purge(closes, 10)).as("its window has not closed before").isZero();
      assertThat(store.purge(closes.plusSeconds(1), 10))
          .as("the open window of a backoff digest")
          .isEqualTo(1);
      assertThat(store.purge(closes.plusSeconds(1), 10)).isZero();

      StoredRun next = newRun("w", null, T0.plus(Duration.ofHours(1)));
      started(next);
      assertThat(
              store
                  .joinDigest(
                      tenant,
                      "b",
                      next.id(),
                      Map.of(),
                      10,
                      true,
                      T0.plus(Duration.ofHours(2)),
                      T0.plus(Duration.ofHours(1)))
                  .outcome())
          .as("as with the window closed but kept")
          .isEqualTo(DigestJoin.Outcome.PASSED);
    }

    @Test
    void a_cancelled_collector_goes_with_its_digest_and_the_next_run_collects_anew() {
      StoredRun first = newRun("w", null, T0);
      started(first);
      store.joinDigest(
          tenant, "d", first.id(), Map.of("n", 1), 10, false, T0.plus(Duration.ofHours(1)), T0);
      store.cancel(tenant, first.id(), cancelRecord(T0.plusSeconds(1)), T0.plusSeconds(1));

      assertThat(store.purge(T0.plusSeconds(2), 10)).isEqualTo(1);
      assertThat(store.purge(T0.plus(Duration.ofDays(1)), 10)).as("nothing left").isZero();

      StoredRun next = newRun("w", null, T0.plusSeconds(3));
      started(next);
      DigestJoin joined =
          store.joinDigest(
              tenant,
              "d",
              next.id(),
              Map.of("n", 2),
              10,
              false,
              T0.plus(Duration.ofHours(2)),
              T0.plusSeconds(3));
      assertThat(joined.outcome()).isEqualTo(DigestJoin.Outcome.COLLECTOR);
      assertThat(joined.collectorId()).isEqualTo(next.id());
      assertThat(store.closeDigest(tenant, "d", next.id()).count()).isEqualTo(1);
    }

    @Test
    void expired_trigger_keys_go_and_live_ones_stay() {
      store.start(tenant, "evt-old", T0.plusSeconds(60), List.of(newRun("w", null, T0)), T0);
      StoredRun live = newRun("w", null, T0);
      store.start(tenant, "evt-live", T0.plus(Duration.ofDays(1)), List.of(live), T0);

      assertThat(store.purgeExpiredTriggers(T0.plusSeconds(59), 10)).isZero();
      assertThat(store.purgeExpiredTriggers(T0.plusSeconds(60), 10)).isEqualTo(1);
      assertThat(store.purgeExpiredTriggers(T0.plusSeconds(61), 10)).isZero();

      TriggeredRuns again =
          store.start(
              tenant,
              "evt-live",
              T0.plus(Duration.ofDays(1)),
              List.of(newRun("w", null, T0.plusSeconds(61))),
              T0.plusSeconds(61));
      assertThat(again.duplicate()).isTrue();
      assertThat(again.runIds()).containsExactly(live.id());
    }

    @Test
    void a_purged_trigger_key_lets_the_same_event_start_a_new_run() {
      StoredRun first = newRun("w", null, T0);
      store.start(tenant, "evt-1", T0.plusSeconds(60), List.of(first), T0);
      assertThat(store.purgeExpiredTriggers(T0.plusSeconds(60), 10)).isEqualTo(1);

      StoredRun again = newRun("w", null, T0.plusSeconds(61));
      TriggeredRuns started =
          store.start(tenant, "evt-1", T0.plusSeconds(121), List.of(again), T0.plusSeconds(61));

      assertThat(started.duplicate()).isFalse();
      assertThat(started.runIds()).containsExactly(again.id());
      assertThat(store.run(tenant, again.id())).isPresent();
      assertThat(store.run(tenant, first.id())).as("a key's runs are not its to purge").isPresent();
      TriggeredRuns third =
          store.start(
              tenant,
              "evt-1",
              T0.plusSeconds(181),
              List.of(newRun("w", null, T0.plusSeconds(62))),
              T0.plusSeconds(62));
      assertThat(third.duplicate()).as("the new key is kept for its window").isTrue();
    }

    @Test
    void the_limit_on_trigger_keys_is_honoured() {
      for (int i = 0; i < 5; i++) {
        store.start(tenant, "evt-" + i, T0.plusSeconds(i), List.of(), T0);
      }

      assertThat(store.purgeExpiredTriggers(T0.plusSeconds(10), 2)).isEqualTo(2);
      assertThat(store.purgeExpiredTriggers(T0.plusSeconds(10), 2)).isEqualTo(2);
      assertThat(store.purgeExpiredTriggers(T0.plusSeconds(10), 2)).isEqualTo(1);
      assertThat(store.purgeExpiredTriggers(T0.plusSeconds(10), 2)).isZero();
    }

    @Test
    void bad_arguments_are_refused_naming_the_field() {
      assertField(() -> store.purge(null, 10), "before");
      assertField(() -> store.purge(T0, 0), "limit");
      assertField(() -> store.purge(T0, WorkflowRunStore.MAX_LIMIT + 1), "limit");
      assertField(() -> store.purgeExpiredTriggers(null, 10), "now");
      assertField(() -> store.purgeExpiredTriggers(T0, 0), "limit");
    }

    private void assertField(Runnable call, String field) {
      assertThatThrownBy(call::run)
          .isInstanceOfSatisfying(
              InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field));
    }
  }
}
