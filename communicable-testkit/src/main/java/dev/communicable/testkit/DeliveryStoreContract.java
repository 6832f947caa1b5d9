package dev.communicable.testkit;

import static dev.communicable.testkit.TestData.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.communicable.CommunicationException;
import dev.communicable.Content;
import dev.communicable.InvalidRequestException;
import dev.communicable.MessageId;
import dev.communicable.Priority;
import dev.communicable.channel.ChannelType;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryAttempt;
import dev.communicable.delivery.DeliveryAttempt.Outcome;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.delivery.Message;
import dev.communicable.delivery.StateChange;
import dev.communicable.spi.ClaimedDelivery;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.DeliveryUpdate;
import dev.communicable.spi.EnqueueOutcome;
import dev.communicable.spi.Lease;
import dev.communicable.spi.NewMessage;
import dev.communicable.spi.StoredDelivery;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The contract of {@link DeliveryStore}: the durable queue and its history. Extend it in a test of
 * your store and implement {@link #createStore()}:
 *
 * <pre>{@code
 * class PostgresDeliveryStoreTest extends DeliveryStoreContract {
 *   protected DeliveryStore createStore() {
 *     truncateTables();                       // claim and purge span all tenants
 *     return JdbcStores.postgres(dataSource).deliveries();
 *   }
 * }
 * }</pre>
 *
 * <p>Each test calls {@link #createStore()} once and needs an <b>empty</b> store, because {@link
 * DeliveryStore#claim} and {@link DeliveryStore#purge} serve every tenant: give a fresh schema or
 * truncate the tables. Times are whole milliseconds around 2026-03-01T10:00Z and are passed in, so
 * the store's own clock plays no part. Timelines are read in time order, entries at the same
 * instant in the order they were written. Override {@link #closeStore} to release what the store
 * holds and {@link #signalsWork()} when {@link DeliveryStore#onWorkAvailable} calls back.
 */
public abstract class DeliveryStoreContract {
  private static final Duration LEASE = Duration.ofMinutes(1);

  /** The store under test, made fresh for each test. */
  protected DeliveryStore store;

  private String tenant;

  /** A new, empty store. Called once before each test. */
  protected abstract DeliveryStore createStore();

  /** Releases the store after each test. The default does nothing. */
  protected void closeStore(DeliveryStore store) throws Exception {}

  /**
   * True when the store calls back {@link DeliveryStore#onWorkAvailable} listeners after an
   * enqueue; then the contract checks that it does. The default, false, matches the interface's
   * default.
   */
  protected boolean signalsWork() {
    return false;
  }

  @BeforeEach
  final void setUpDeliveryStore() {
    store = createStore();
    tenant = TestData.tenant();
  }

  @AfterEach
  final void tearDownDeliveryStore() throws Exception {
    closeStore(store);
  }

  private NewMessage enqueued(Instant at) {
    NewMessage m = newMessage(tenant, at);
    store.enqueue(List.of(m));
    return m;
  }

  /** The deliveries {@link DeliveryStore#claim} returns for {@code worker} under {@link #LEASE}. */
  private List<StoredDelivery> claim(String worker, int limit, Instant now) {
    return store.claim(worker, limit, now, LEASE).stream().map(ClaimedDelivery::stored).toList();
  }

  private StoredDelivery claimOne(String worker, Instant now) {
    List<StoredDelivery> claimed = claim(worker, 1, now);
    assertThat(claimed).as("deliveries claimed by %s at %s", worker, now).hasSize(1);
    return claimed.get(0);
  }

  /** The delivery stored as {@code id} in this test's tenant, without its version and lease. */
  private Optional<Delivery> found(DeliveryId id) {
    return store.find(tenant, id).map(StoredDelivery::delivery);
  }

  /** A message of {@code tenant} created and due at {@code createdAt}. */
  private static Message message(String tenant, @Nullable String key, Instant createdAt) {
    return TestData.message(tenant)
        .idempotencyKey(key)
        .createdAt(createdAt)
        .sendAt(createdAt)
        .build();
  }

  /** A QUEUED delivery of {@code m} to user-1 on {@code channel}, due at {@code due}. */
  private static Delivery delivery(Message m, ChannelType channel, Priority priority, Instant due) {
    return TestData.delivery(m)
        .route(TestData.route(TestData.recipient(m.tenantId()), channel))
        .priority(priority)
        .scheduledAt(due)
        .build();
  }

  /** A message created at {@code createdAt} with one NORMAL e-mail delivery per due time. */
  private static NewMessage newMessage(
      String tenant, @Nullable String key, Instant createdAt, Instant... due) {
    Message m = message(tenant, key, createdAt);
    List<Delivery> ds = new ArrayList<>();
    for (Instant d : due) {
      ds.add(delivery(m, ChannelType.EMAIL, Priority.NORMAL, d));
    }
    return new NewMessage(m, ds);
  }

  /** A message created and due at {@code at} with one delivery. */
  private static NewMessage newMessage(String tenant, Instant at) {
    return newMessage(tenant, null, at, at);
  }

  /** The guarded write that moves {@code before} by {@code event} at {@code at}. */
  private static DeliveryUpdate move(
      StoredDelivery before, DeliveryEvent event, Instant at, @Nullable String owner) {
    Delivery after = before.delivery().apply(event, at);
    return DeliveryUpdate.of(
        before, after, owner, null, event.name().toLowerCase(Locale.ROOT), List.of());
  }

  /** The guarded write recording one attempt by {@code owner} that ended in {@code event}. */
  private static DeliveryUpdate attempt(
      StoredDelivery before,
      DeliveryEvent event,
      DeliveryAttempt.Outcome outcome,
      @Nullable String providerMessageId,
      Instant at,
      String owner) {
    String error = outcome == DeliveryAttempt.Outcome.ACCEPTED ? null : "provider said " + outcome;
    Delivery after = before.delivery().apply(event, at).withAttempt(providerMessageId, error);
    DeliveryAttempt attempt =
        new DeliveryAttempt(
            before.id(),
            after.tenantId(),
            after.attempts(),
            "smtp",
            at.minusMillis(5),
            at,
            outcome,
            providerMessageId,
            error);
    return DeliveryUpdate.of(before, after, owner, attempt, error, List.of());
  }

  /** {@code update} with {@code followUps} instead of its own. */
  private static DeliveryUpdate withFollowUps(DeliveryUpdate u, List<Delivery> followUps) {
    return new DeliveryUpdate(
        u.delivery(), u.expectedVersion(), u.leaseOwner(), u.attempt(), u.change(), followUps);
  }

  @Nested
  @DisplayName("enqueue")
  class Enqueue {

    @Test
    void writes_the_message_and_its_deliveries_which_read_back_equal() {
      Message message = message(tenant, "key-1", T0);
      Delivery email = delivery(message, ChannelType.EMAIL, Priority.HIGH, T0);
      Delivery sms = delivery(message, ChannelType.SMS, Priority.HIGH, T0.plusSeconds(60));

      List<EnqueueOutcome> outcomes =
          store.enqueue(List.of(new NewMessage(message, List.of(email, sms))));

      assertThat(outcomes)
          .containsExactly(new EnqueueOutcome(message.id(), List.of(email.id(), sms.id()), false));
      assertThat(store.message(tenant, message.id())).contains(message);
      assertThat(store.deliveries(tenant, message.id()))
          .as("new deliveries are stored at version 0 without a lease")
          .containsExactlyInAnyOrder(TestData.stored(email), TestData.stored(sms));
      assertThat(store.find(tenant, sms.id())).contains(TestData.stored(sms));
    }

    @Test
    void keeps_the_template_version_the_message_was_accepted_with() {
      Message pinned = TestData.message(tenant).templateVersion(3).build();
      Message inline =
          TestData.message(tenant)
              .templateId(null)
              .content(Content.builder().subject("Hi").text("Hello {{name}}").build())
              .build();

      store.enqueue(List.of(TestData.newMessage(pinned), TestData.newMessage(inline)));

      assertThat(store.message(tenant, pinned.id()))
          .hasValueSatisfying(m -> assertThat(m.templateVersion()).isEqualTo(3))
          .contains(pinned);
      assertThat(store.message(tenant, inline.id()))
          .hasValueSatisfying(m -> assertThat(m.templateVersion()).isNull())
          .contains(inline);
    }

    @Test
    void records_one_timeline_entry_per_delivery_at_the_message_creation_time() {
      Message message = message(tenant, null, T0);
      Delivery email = delivery(message, ChannelType.EMAIL, Priority.NORMAL, T0);
      Delivery sms = delivery(message, ChannelType.SMS, Priority.NORMAL, T0);
      store.enqueue(List.of(new NewMessage(message, List.of(email, sms))));

      List<StateChange> timeline = store.timeline(tenant, message.id());

      assertThat(timeline).hasSize(2);
      assertThat(timeline)
          .extracting(StateChange::deliveryId)
          .containsExactlyInAnyOrder(email.id(), sms.id());
      assertThat(timeline)
          .allSatisfy(
              c -> {
                assertThat(c.from()).isNull();
                assertThat(c.to()).isEqualTo(DeliveryState.QUEUED);
                assertThat(c.at()).isEqualTo(T0);
                assertThat(c.tenantId()).isEqualTo(tenant);
                assertThat(c.messageId()).isEqualTo(message.id());
              });
    }

    @Test
    void returns_one_outcome_per_message_in_order() {
      NewMessage a = newMessage(tenant, T0);
      NewMessage b = newMessage(tenant, T0);

      List<EnqueueOutcome> outcomes = store.enqueue(List.of(a, b));

      assertThat(outcomes)
          .extracting(EnqueueOutcome::messageId)
          .containsExactly(a.message().id(), b.message().id());
      assertThat(outcomes).extracting(EnqueueOutcome::duplicate).containsExactly(false, false);
    }

    @Test
    void a_reused_idempotency_key_writes_nothing_and_names_the_first_message() {
      NewMessage first = newMessage(tenant, "invoice-123-paid", T0, T0);
      NewMessage again = newMessage(tenant, "invoice-123-paid", T0.plusSeconds(1), T0);
      EnqueueOutcome original = store.enqueue(List.of(first)).get(0);

      EnqueueOutcome duplicate = store.enqueue(List.of(again)).get(0);

      assertThat(duplicate.duplicate()).isTrue();
      assertThat(duplicate.messageId()).isEqualTo(original.messageId());
      assertThat(duplicate.deliveryIds()).isEqualTo(original.deliveryIds());
      assertThat(store.message(tenant, again.message().id())).isEmpty();
      assertThat(store.find(tenant, again.deliveries().get(0).id())).isEmpty();
      assertThat(claim("w1", 10, T0)).hasSize(1);
    }

    @Test
    void a_reused_key_says_whether_the_content_differed_by_the_stored_digest() {
      Message first =
          TestData.message(tenant).idempotencyKey("k").contentDigest("digest-a").build();
      Message same = TestData.message(tenant).idempotencyKey("k").contentDigest("digest-a").build();
      Message other =
          TestData.message(tenant).idempotencyKey("k").contentDigest("digest-b").build();
      Message unknown = TestData.message(tenant).idempotencyKey("k").build();
      EnqueueOutcome original = store.enqueue(List.of(TestData.newMessage(first))).get(0);

      List<EnqueueOutcome> again =
          store.enqueue(
              List.of(
                  TestData.newMessage(same),
                  TestData.newMessage(other),
                  TestData.newMessage(unknown)));

      assertThat(again).extracting(EnqueueOutcome::messageId).containsOnly(original.messageId());
      assertThat(again).extracting(EnqueueOutcome::duplicate).containsOnly(true);
      assertThat(again)
          .as("same digest, different digest, none to compare")
          .extracting(EnqueueOutcome::contentDiffered)
          .containsExactly(false, true, false);
      assertThat(store.message(tenant, first.id()))
          .map(Message::contentDigest)
          .contains("digest-a");
    }

    @Test
    void a_key_repeated_within_one_batch_with_other_content_says_so() {
      Message first =
          TestData.message(tenant).idempotencyKey("k").contentDigest("digest-a").build();
      Message other =
          TestData.message(tenant).idempotencyKey("k").contentDigest("digest-b").build();

      List<EnqueueOutcome> outcomes =
          store.enqueue(List.of(TestData.newMessage(first), TestData.newMessage(other)));

      assertThat(outcomes.get(0).contentDiffered()).isFalse();
      assertThat(outcomes.get(1))
          .isEqualTo(new EnqueueOutcome(first.id(), outcomes.get(0).deliveryIds(), true, true));
    }

    @Test
    void a_key_repeated_within_one_batch_is_written_once() {
      NewMessage first = newMessage(tenant, "same", T0, T0);
      NewMessage second = newMessage(tenant, "same", T0, T0);

      List<EnqueueOutcome> outcomes = store.enqueue(List.of(first, second));

      assertThat(outcomes.get(0).duplicate()).isFalse();
      assertThat(outcomes.get(1))
          .isEqualTo(new EnqueueOutcome(first.message().id(), outcomes.get(0).deliveryIds(), true));
      assertThat(store.message(tenant, second.message().id())).isEmpty();
    }

    @Test
    void idempotency_keys_are_per_tenant() {
      String other = TestData.tenant();
      store.enqueue(List.of(newMessage(tenant, "k", T0, T0)));

      EnqueueOutcome elsewhere = store.enqueue(List.of(newMessage(other, "k", T0, T0))).get(0);

      assertThat(elsewhere.duplicate()).isFalse();
      assertThat(store.message(other, elsewhere.messageId())).isPresent();
    }

    @Test
    void a_failing_batch_writes_nothing_at_all() {
      NewMessage good = newMessage(tenant, "good-key", T0, T0);
      Message clash = message(tenant, null, T0);
      Delivery reused = good.deliveries().get(0);
      Delivery sameId =
          TestData.delivery(clash)
              .id(reused.id())
              .route(TestData.route(TestData.recipient(tenant, "user-2"), ChannelType.EMAIL))
              .fallbacks(List.of())
              .build();

      assertThatThrownBy(() -> store.enqueue(List.of(good, new NewMessage(clash, List.of(sameId)))))
          .isInstanceOf(CommunicationException.class);

      assertThat(store.message(tenant, good.message().id())).isEmpty();
      assertThat(store.message(tenant, clash.id())).isEmpty();
      assertThat(store.find(tenant, reused.id())).isEmpty();
      assertThat(claim("w1", 10, T0)).isEmpty();
      assertThat(store.enqueue(List.of(newMessage(tenant, "good-key", T0, T0))).get(0).duplicate())
          .as("the key of the failed batch was not kept")
          .isFalse();
    }

    @Test
    void a_delivery_of_another_tenant_than_its_message_is_refused_and_nothing_is_written() {
      NewMessage good = newMessage(tenant, T0);
      NewMessage other = newMessage(TestData.tenant(), T0);
      NewMessage mixed = new NewMessage(message(tenant, null, T0), other.deliveries());

      assertThatThrownBy(() -> store.enqueue(List.of(good, mixed)))
          .isInstanceOfSatisfying(
              InvalidRequestException.class,
              e -> assertThat(e.field()).startsWith("messages[1].deliveries[0]"));

      assertThat(store.message(tenant, good.message().id())).isEmpty();
      assertThat(store.message(tenant, mixed.message().id())).isEmpty();
      assertThat(claim("w1", 10, T0)).isEmpty();
    }

    @Test
    void an_empty_batch_writes_nothing() {
      assertThat(store.enqueue(List.of())).isEmpty();
      assertThat(claim("w1", 10, T0)).isEmpty();
    }
  }

  @Nested
  @DisplayName("tenant isolation")
  class TenantIsolation {

    @Test
    void another_tenant_sees_none_of_the_rows() {
      NewMessage m = enqueued(T0);
      StoredDelivery claimed = claimOne("w1", T0);
      store.update(
          attempt(
              claimed,
              DeliveryEvent.ACCEPTED,
              Outcome.ACCEPTED,
              "prov-1",
              T0.plusSeconds(1),
              "w1"));
      String other = TestData.tenant();

      assertThat(store.find(other, claimed.id())).isEmpty();
      assertThat(store.message(other, m.message().id())).isEmpty();
      assertThat(store.deliveries(other, m.message().id())).isEmpty();
      assertThat(store.timeline(other, m.message().id())).isEmpty();
      assertThat(store.attempts(other, claimed.id())).isEmpty();
      assertThat(store.findByProviderMessageId(other, "prov-1")).isEmpty();
      assertThat(store.findByProviderMessageId(tenant, "prov-1")).isPresent();
    }

    @Test
    void an_update_naming_another_tenant_writes_nothing() {
      enqueued(T0);
      StoredDelivery claimed = claimOne("w1", T0);
      Delivery forged =
          claimed.delivery().toBuilder()
              .tenantId(TestData.tenant())
              .state(DeliveryState.CANCELLED)
              .expiresAt(null)
              .updatedAt(T0)
              .fallbacks(List.of())
              .build();

      boolean written;
      try {
        written = store.update(DeliveryUpdate.of(claimed, forged, null, null, "forged", List.of()));
      } catch (CommunicationException refused) {
        written = false;
      }

      assertThat(written).isFalse();
      assertThat(store.find(tenant, claimed.id())).contains(claimed);
    }
  }

  @Nested
  @DisplayName("claim")
  class Claim {

    @Test
    void takes_due_work_by_priority_then_scheduled_time_up_to_the_limit() {
      Message m = message(tenant, null, T0);
      Delivery normalLate = delivery(m, ChannelType.EMAIL, Priority.NORMAL, T0.plusSeconds(3));
      Delivery normalEarly = delivery(m, ChannelType.EMAIL, Priority.NORMAL, T0.plusSeconds(1));
      Delivery high = delivery(m, ChannelType.SMS, Priority.HIGH, T0.plusSeconds(4));
      Delivery critical = delivery(m, ChannelType.SMS, Priority.CRITICAL, T0.plusSeconds(5));
      Delivery notYetDue = delivery(m, ChannelType.SMS, Priority.CRITICAL, T0.plusSeconds(11));
      store.enqueue(
          List.of(new NewMessage(m, List.of(normalLate, normalEarly, high, critical, notYetDue))));
      Instant now = T0.plusSeconds(10);

      List<StoredDelivery> first = claim("w1", 3, now);
      List<StoredDelivery> rest = claim("w1", 3, now);

      assertThat(first)
          .extracting(StoredDelivery::id)
          .containsExactly(critical.id(), high.id(), normalEarly.id());
      assertThat(rest).extracting(StoredDelivery::id).containsExactly(normalLate.id());
      assertThat(found(notYetDue.id()))
          .get()
          .extracting(Delivery::state)
          .isEqualTo(DeliveryState.QUEUED);
    }

    @Test
    void a_delivery_due_exactly_now_is_claimed() {
      enqueued(T0);
      assertThat(claim("w1", 1, T0)).hasSize(1);
    }

    @Test
    void returns_the_delivery_sending_leased_and_one_version_on_as_stored() {
      NewMessage m = enqueued(T0);
      Delivery queued = m.deliveries().get(0);
      Instant now = T0.plusSeconds(2);

      StoredDelivery claimed = claimOne("w1", now);

      assertThat(claimed.delivery())
          .isEqualTo(queued.toBuilder().state(DeliveryState.SENDING).updatedAt(now).build());
      assertThat(claimed.lease()).isEqualTo(new Lease("w1", now.plus(LEASE)));
      assertThat(claimed.version()).as("one on from a new delivery's 0").isEqualTo(1);
      assertThat(store.find(tenant, claimed.id())).contains(claimed);
      assertThat(store.timeline(tenant, m.message().id()))
          .extracting(StateChange::from, StateChange::to)
          .containsExactly(
              tuple(null, DeliveryState.QUEUED),
              tuple(DeliveryState.QUEUED, DeliveryState.SENDING));
    }

    @Test
    void a_leased_delivery_is_not_claimed_again_until_its_lease_runs_out() {
      enqueued(T0);
      StoredDelivery first = claimOne("w1", T0);

      assertThat(claim("w2", 10, T0.plus(LEASE).minusMillis(1))).isEmpty();
      assertThat(claim("w2", 10, T0.plus(LEASE))).as("a lease ending exactly now holds").isEmpty();
      Instant afterLease = T0.plus(LEASE).plusMillis(1);
      StoredDelivery takenOver = claimOne("w2", afterLease);

      assertThat(takenOver.id()).isEqualTo(first.id());
      assertThat(takenOver.delivery().state()).isEqualTo(DeliveryState.SENDING);
      assertThat(takenOver.lease()).isEqualTo(new Lease("w2", afterLease.plus(LEASE)));
      assertThat(takenOver.version()).isEqualTo(first.version() + 1);
      assertThat(store.timeline(tenant, first.delivery().messageId()))
          .last()
          .satisfies(
              c -> {
                assertThat(c.from()).isEqualTo(DeliveryState.SENDING);
                assertThat(c.to()).isEqualTo(DeliveryState.SENDING);
                assertThat(c.at()).isEqualTo(afterLease);
                assertThat(c.detail())
                    .as("the entry names the worker that lost the lease and the one taking over")
                    .contains("w1", "w2");
              });
      assertThat(store.update(move(first, DeliveryEvent.ACCEPTED, afterLease, "w1")))
          .as("the first worker lost its lease")
          .isFalse();
    }

    @Test
    void a_take_over_names_the_worker_whose_lease_ran_out_and_fresh_work_names_no_one() {
      NewMessage abandoned = enqueued(T0);
      StoredDelivery first = claimOne("w1", T0);
      Instant afterLease = T0.plus(LEASE).plusMillis(1);
      NewMessage fresh = enqueued(T0.plusSeconds(1));

      List<ClaimedDelivery> claimed = store.claim("w2", 10, afterLease, LEASE);

      assertThat(claimed)
          .extracting(c -> c.delivery().id(), ClaimedDelivery::takenOverFrom)
          .containsExactly(tuple(first.id(), "w1"), tuple(fresh.deliveries().get(0).id(), null));
      assertThat(claimed)
          .allSatisfy(
              c -> {
                assertThat(c.delivery().state()).isEqualTo(DeliveryState.SENDING);
                assertThat(c.stored().leasedTo("w2")).isTrue();
                assertThat(store.find(tenant, c.delivery().id())).contains(c.stored());
              });
      assertThat(claimed.get(0).takenOver()).isTrue();
      assertThat(claimed.get(1).takenOver()).isFalse();
      assertThat(store.timeline(tenant, abandoned.message().id()))
          .last()
          .extracting(StateChange::from, StateChange::to)
          .containsExactly(DeliveryState.SENDING, DeliveryState.SENDING);
    }

    @Test
    void a_second_take_over_names_the_worker_that_took_it_over_first() {
      enqueued(T0);
      claimOne("w1", T0);
      Instant firstExpiry = T0.plus(LEASE).plusMillis(1);
      assertThat(store.claim("w2", 10, firstExpiry, LEASE))
          .singleElement()
          .extracting(ClaimedDelivery::takenOverFrom)
          .isEqualTo("w1");

      List<ClaimedDelivery> again =
          store.claim("w3", 10, firstExpiry.plus(LEASE).plusMillis(1), LEASE);

      assertThat(again)
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.takenOverFrom()).isEqualTo("w2");
                assertThat(c.stored().leasedTo("w3")).isTrue();
              });
    }

    @Test
    void each_take_over_counts_one_more_and_a_claim_of_queued_work_counts_none() {
      enqueued(T0);
      StoredDelivery first = claimOne("w1", T0);
      assertThat(first.takeovers()).isZero();
      Instant firstExpiry = T0.plus(LEASE).plusMillis(1);
      StoredDelivery second = claimOne("w2", firstExpiry);
      assertThat(second.takeovers()).isOne();
      assertThat(second.delivery().attempts()).as("a take-over is not an attempt").isZero();
      // w2 writes it SENDING again under its own lease, then dies: the count is kept
      assertThat(store.update(move(second, DeliveryEvent.CLAIM, firstExpiry, "w2"))).isTrue();
      Instant secondExpiry = firstExpiry.plus(LEASE).plusMillis(1);

      StoredDelivery third = claimOne("w3", secondExpiry);

      assertThat(third.takeovers()).isEqualTo(2);
      assertThat(store.find(tenant, third.id())).contains(third);
      assertThat(store.update(move(third, DeliveryEvent.DEFER, secondExpiry, "w3"))).isTrue();
      StoredDelivery handedBack = claimOne("w4", secondExpiry);
      assertThat(handedBack.takeovers())
          .as("kept while QUEUED, and a claim of QUEUED work is no take-over")
          .isEqualTo(2);
    }

    @Test
    void a_delivery_taken_over_keeps_its_place_before_later_work_of_its_priority() {
      NewMessage abandoned = enqueued(T0);
      claimOne("w1", T0);
      Instant afterLease = T0.plus(LEASE).plusMillis(1);
      NewMessage later = enqueued(T0.plusSeconds(1));

      List<ClaimedDelivery> first = store.claim("w2", 1, afterLease, LEASE);
      List<ClaimedDelivery> next = store.claim("w2", 1, afterLease, LEASE);

      assertThat(first)
          .as("ordered by the time it was due when first claimed, not by its lease end")
          .extracting(c -> c.delivery().id(), ClaimedDelivery::takenOverFrom)
          .containsExactly(tuple(abandoned.deliveries().get(0).id(), "w1"));
      assertThat(next)
          .extracting(c -> c.delivery().id(), ClaimedDelivery::takenOverFrom)
          .containsExactly(tuple(later.deliveries().get(0).id(), null));
    }

    @Test
    void a_delivery_taken_over_and_written_sending_again_keeps_its_original_place() {
      NewMessage abandoned = enqueued(T0);
      NewMessage other = enqueued(T0);
      List<StoredDelivery> firstLeases = claim("w1", 2, T0);
      Instant firstExpiry = T0.plus(LEASE).plusMillis(1);
      List<StoredDelivery> takenOver = claim("w2", 2, firstExpiry);
      assertThat(takenOver).hasSameSizeAs(firstLeases);
      // w2 writes both SENDING again (under its own lease), in one batch; then dies.
      assertThat(
              store.updateAll(
                  takenOver.stream()
                      .map(s -> move(s, DeliveryEvent.CLAIM, firstExpiry, "w2"))
                      .toList()))
          .containsExactly(true, true);
      NewMessage later = enqueued(firstExpiry.plusSeconds(1));
      Instant secondExpiry = firstExpiry.plus(LEASE).plusMillis(1);

      List<ClaimedDelivery> claimed = store.claim("w3", 2, secondExpiry, LEASE);

      assertThat(claimed)
          .extracting(c -> c.delivery().id(), ClaimedDelivery::takenOverFrom)
          .containsExactlyInAnyOrder(
              tuple(abandoned.deliveries().get(0).id(), "w2"),
              tuple(other.deliveries().get(0).id(), "w2"));
      assertThat(found(later.deliveries().get(0).id()))
          .get()
          .extracting(Delivery::state)
          .isEqualTo(DeliveryState.QUEUED);
    }

    @Test
    void a_delivery_handed_back_by_its_worker_is_not_reported_as_taken_over() {
      enqueued(T0);
      StoredDelivery first = claimOne("w1", T0);
      Instant afterLease = T0.plus(LEASE).plusMillis(1);
      ClaimedDelivery takenOver = store.claim("w2", 10, afterLease, LEASE).get(0);
      assertThat(takenOver.takenOverFrom()).isEqualTo("w1");
      assertThat(store.update(move(takenOver.stored(), DeliveryEvent.DEFER, afterLease, "w2")))
          .isTrue();

      List<ClaimedDelivery> again = store.claim("w3", 10, afterLease, LEASE);

      assertThat(again)
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.delivery().id()).isEqualTo(first.id());
                assertThat(c.takenOverFrom()).isNull();
              });
    }

    @Test
    void finished_deliveries_are_never_claimed() {
      enqueued(T0);
      StoredDelivery claimed = claimOne("w1", T0);
      assertThat(store.update(move(claimed, DeliveryEvent.CANCEL, T0, "w1"))).isTrue();

      assertThat(claim("w1", 10, T0.plus(Duration.ofDays(1)))).isEmpty();
    }

    @Test
    @Timeout(60)
    void concurrent_claimers_never_get_the_same_delivery() throws Exception {
      int total = 200;
      List<NewMessage> batch = new ArrayList<>();
      for (int i = 0; i < total; i++) {
        batch.add(newMessage(tenant, T0.plusMillis(i)));
      }
      store.enqueue(batch);
      int workers = 4;
      CountDownLatch start = new CountDownLatch(1);
      ExecutorService pool = Executors.newFixedThreadPool(workers);
      try {
        List<Future<List<DeliveryId>>> results = new ArrayList<>();
        for (int w = 0; w < workers; w++) {
          String worker = "w" + w;
          Callable<List<DeliveryId>> claimer =
              () -> {
                start.await();
                List<DeliveryId> mine = new ArrayList<>();
                List<StoredDelivery> got;
                do {
                  got = claim(worker, 7, T0.plusSeconds(1));
                  got.forEach(d -> assertThat(d.leasedTo(worker)).isTrue());
                  got.forEach(d -> mine.add(d.id()));
                } while (!got.isEmpty() && mine.size() <= total); // a broken store may loop
                return mine;
              };
          results.add(pool.submit(claimer));
        }
        start.countDown();
        List<DeliveryId> all = new ArrayList<>();
        for (Future<List<DeliveryId>> r : results) {
          all.addAll(r.get(50, TimeUnit.SECONDS));
        }
        assertThat(all).hasSize(total).doesNotHaveDuplicates();
      } finally {
        pool.shutdownNow();
      }
    }
  }

  @Nested
  @DisplayName("update")
  class Update {

    @Test
    void writes_the_delivery_its_attempt_and_its_timeline_entry() {
      NewMessage m = enqueued(T0);
      StoredDelivery claimed = claimOne("w1", T0);
      DeliveryUpdate sent =
          attempt(
              claimed, DeliveryEvent.ACCEPTED, Outcome.ACCEPTED, "prov-9", T0.plusSeconds(1), "w1");

      assertThat(store.update(sent)).isTrue();

      StoredDelivery written = store.find(tenant, claimed.id()).orElseThrow();
      assertThat(written.delivery()).isEqualTo(sent.delivery());
      assertThat(written.version()).isEqualTo(claimed.version() + 1);
      assertThat(written.lease()).as("no lease once SENT").isNull();
      assertThat(store.attempts(tenant, claimed.id())).containsExactly(sent.attempt());
      assertThat(store.timeline(tenant, m.message().id())).last().isEqualTo(sent.change());
      assertThat(store.findByProviderMessageId(tenant, "prov-9")).contains(written);
    }

    @Test
    void the_loser_of_a_race_gets_false_and_writes_nothing() {
      NewMessage m = enqueued(T0);
      StoredDelivery claimed = claimOne("w1", T0);
      DeliveryUpdate winner = move(claimed, DeliveryEvent.CANCEL, T0.plusSeconds(1), null);
      Message message = m.message();
      Delivery followUp = delivery(message, ChannelType.SMS, Priority.NORMAL, T0.plusSeconds(2));
      DeliveryUpdate loserBase =
          attempt(
              claimed, DeliveryEvent.REJECTED, Outcome.PERMANENT, null, T0.plusSeconds(2), "w1");
      DeliveryUpdate loser = withFollowUps(loserBase, List.of(followUp));

      assertThat(store.update(winner)).isTrue();
      assertThat(store.update(loser)).isFalse();

      assertThat(store.find(tenant, claimed.id())).contains(claimed.next(winner.delivery()));
      assertThat(store.attempts(tenant, claimed.id())).isEmpty();
      assertThat(store.find(tenant, followUp.id())).isEmpty();
      assertThat(store.timeline(tenant, message.id()))
          .extracting(StateChange::to)
          .containsExactly(DeliveryState.QUEUED, DeliveryState.SENDING, DeliveryState.CANCELLED);
    }

    @Test
    void a_worker_that_no_longer_holds_the_lease_cannot_write() {
      enqueued(T0);
      StoredDelivery claimed = claimOne("w1", T0);

      assertThat(store.update(move(claimed, DeliveryEvent.ACCEPTED, T0, "w2"))).isFalse();
      assertThat(store.find(tenant, claimed.id())).contains(claimed);
    }

    @Test
    void the_lease_is_kept_while_an_update_leaves_the_delivery_sending_and_cleared_otherwise() {
      enqueued(T0);
      enqueued(T0);
      enqueued(T0);
      List<StoredDelivery> claimed = claim("w1", 3, T0);
      Instant at = T0.plusSeconds(1);
      // an attempt lost with a worker is recorded and the delivery stays SENDING with its holder
      List<DeliveryUpdate> stillSending = new ArrayList<>();
      for (StoredDelivery c : claimed.subList(0, 2)) {
        Delivery after = c.delivery().withAttempt(null, "lost").apply(DeliveryEvent.CLAIM, at);
        stillSending.add(DeliveryUpdate.of(c, after, "w1", null, "lost", List.of()));
      }
      DeliveryUpdate handedBack = move(claimed.get(2), DeliveryEvent.DEFER, at, "w1");

      assertThat(store.update(stillSending.get(0))).isTrue();
      assertThat(store.updateAll(List.of(stillSending.get(1), handedBack)))
          .containsExactly(true, true);

      for (int i = 0; i < 2; i++) {
        StoredDelivery written = store.find(tenant, claimed.get(i).id()).orElseThrow();
        assertThat(written).isEqualTo(claimed.get(i).next(stillSending.get(i).delivery()));
        assertThat(written.lease()).isEqualTo(claimed.get(i).lease());
      }
      assertThat(store.find(tenant, claimed.get(2).id()).orElseThrow().lease()).isNull();
      assertThat(claim("w2", 10, T0.plus(LEASE)))
          .as("the lease still holds the two SENDING deliveries")
          .extracting(StoredDelivery::id)
          .containsExactly(claimed.get(2).id());
      assertThat(store.claim("w3", 10, T0.plus(LEASE).plusMillis(1), LEASE))
          .extracting(ClaimedDelivery::takenOverFrom)
          .containsExactly("w1", "w1");
    }

    @Test
    void an_unknown_delivery_is_not_written() {
      NewMessage m = newMessage(tenant, T0);
      StoredDelivery never =
          new StoredDelivery(
              m.deliveries().get(0).toBuilder().state(DeliveryState.SENDING).build(),
              1,
              new Lease("w1", T0.plus(LEASE)),
              0);

      assertThat(store.update(move(never, DeliveryEvent.CANCEL, T0, null))).isFalse();
      assertThat(store.find(tenant, never.id())).isEmpty();
    }

    @Test
    void follow_ups_are_inserted_with_the_update_and_join_the_queue_and_timeline() {
      NewMessage m = enqueued(T0);
      StoredDelivery claimed = claimOne("w1", T0);
      Instant failedAt = T0.plusSeconds(1);
      Message message = m.message();
      Delivery fallback = delivery(message, ChannelType.SMS, Priority.NORMAL, failedAt);
      Delivery fallbackAt =
          fallback.toBuilder()
              .scheduledAt(failedAt)
              .createdAt(failedAt)
              .updatedAt(failedAt)
              .fallbacks(List.of())
              .build();
      DeliveryUpdate rejected =
          attempt(claimed, DeliveryEvent.REJECTED, Outcome.PERMANENT, null, failedAt, "w1");
      DeliveryUpdate withFallback = withFollowUps(rejected, List.of(fallbackAt));

      assertThat(store.update(withFallback)).isTrue();

      assertThat(store.find(tenant, fallbackAt.id()))
          .as("a follow-up is stored at version 0 without a lease")
          .contains(TestData.stored(fallbackAt));
      assertThat(store.deliveries(tenant, message.id()))
          .containsExactly(claimed.next(rejected.delivery()), TestData.stored(fallbackAt));
      assertThat(store.timeline(tenant, message.id()))
          .filteredOn(c -> c.deliveryId().equals(fallbackAt.id()))
          .singleElement()
          .satisfies(
              c -> {
                assertThat(c.from()).isNull();
                assertThat(c.to()).isEqualTo(DeliveryState.QUEUED);
                assertThat(c.at()).isEqualTo(failedAt);
              });
      assertThat(claim("w1", 10, failedAt))
          .extracting(StoredDelivery::id)
          .containsExactly(fallbackAt.id());
    }

    @Test
    void an_escalation_to_another_contact_keeps_who_it_goes_to_and_where() {
      NewMessage m = enqueued(T0);
      StoredDelivery claimed = claimOne("w1", T0);
      Instant sentAt = T0.plusSeconds(1);
      Delivery planned = delivery(m.message(), ChannelType.SMS, Priority.NORMAL, sentAt);
      Delivery escalation =
          planned.toBuilder()
              .route(
                  new dev.communicable.delivery.Route(
                      planned.recipientId(),
                      ChannelType.SMS,
                      "+33612345678",
                      java.util.Locale.FRENCH,
                      java.time.ZoneId.of("Europe/Paris")))
              .scheduledAt(sentAt.plusSeconds(900))
              .createdAt(sentAt)
              .updatedAt(sentAt)
              .fallbacks(List.of())
              .escalationOf(claimed.id())
              .contact(new dev.communicable.delivery.Contact("manager", "marie"))
              .build();
      DeliveryUpdate accepted =
          attempt(claimed, DeliveryEvent.ACCEPTED, Outcome.ACCEPTED, "p-1", sentAt, "w1");

      assertThat(store.update(withFollowUps(accepted, List.of(escalation)))).isTrue();

      assertThat(store.find(tenant, escalation.id()))
          .map(StoredDelivery::delivery)
          .contains(escalation);
    }

    @Test
    void attempts_and_the_timeline_are_kept_in_order_across_retries() {
      NewMessage m = enqueued(T0);
      StoredDelivery first = claimOne("w1", T0);
      DeliveryUpdate failed =
          attempt(first, DeliveryEvent.RETRY, Outcome.RETRYABLE, null, T0.plusSeconds(1), "w1");
      DeliveryUpdate retry =
          new DeliveryUpdate(
              failed.delivery().withScheduledAt(T0.plusSeconds(30)),
              failed.expectedVersion(),
              "w1",
              failed.attempt(),
              failed.change(),
              List.of());
      assertThat(store.update(retry)).isTrue();
      assertThat(claim("w1", 1, T0.plusSeconds(29))).as("backing off").isEmpty();
      StoredDelivery second = claimOne("w1", T0.plusSeconds(30));
      DeliveryUpdate sent =
          attempt(
              second, DeliveryEvent.ACCEPTED, Outcome.ACCEPTED, "prov-2", T0.plusSeconds(31), "w1");
      assertThat(store.update(sent)).isTrue();

      assertThat(store.attempts(tenant, first.id()))
          .extracting(DeliveryAttempt::number, DeliveryAttempt::outcome)
          .containsExactly(tuple(1, Outcome.RETRYABLE), tuple(2, Outcome.ACCEPTED));
      assertThat(store.timeline(tenant, m.message().id()))
          .extracting(StateChange::to)
          .containsExactly(
              DeliveryState.QUEUED,
              DeliveryState.SENDING,
              DeliveryState.QUEUED,
              DeliveryState.SENDING,
              DeliveryState.SENT);
      assertThat(found(first.id())).get().extracting(Delivery::attempts).isEqualTo(2);
    }
  }

  @Nested
  @DisplayName("updateAll")
  class UpdateAll {

    /** Three deliveries of three messages, claimed by w1 at T0. */
    private List<StoredDelivery> claimThree() {
      for (int i = 0; i < 3; i++) {
        enqueued(T0);
      }
      List<StoredDelivery> claimed = claim("w1", 3, T0);
      assertThat(claimed).hasSize(3);
      return claimed;
    }

    private Message messageOf(StoredDelivery d) {
      return store.message(tenant, d.delivery().messageId()).orElseThrow();
    }

    @Test
    void writes_the_winners_and_skips_only_the_losers_with_everything_they_carry() {
      List<StoredDelivery> claimed = claimThree();
      StoredDelivery a = claimed.get(0);
      StoredDelivery b = claimed.get(1);
      StoredDelivery c = claimed.get(2);
      Instant at = T0.plusSeconds(1);
      DeliveryUpdate cancelB = move(b, DeliveryEvent.CANCEL, at, null);
      assertThat(store.update(cancelB)).isTrue(); // b moves on before the worker's batch
      Delivery bFallback = delivery(messageOf(b), ChannelType.SMS, Priority.NORMAL, at);
      Delivery cFallback = delivery(messageOf(c), ChannelType.SMS, Priority.NORMAL, at);
      DeliveryUpdate sentA = attempt(a, DeliveryEvent.ACCEPTED, Outcome.ACCEPTED, "p-a", at, "w1");
      DeliveryUpdate lostB =
          withFollowUps(
              attempt(b, DeliveryEvent.REJECTED, Outcome.PERMANENT, null, at, "w1"),
              List.of(bFallback));
      DeliveryUpdate rejectedC =
          withFollowUps(
              attempt(c, DeliveryEvent.REJECTED, Outcome.PERMANENT, null, at, "w1"),
              List.of(cFallback));

      assertThat(store.updateAll(List.of(sentA, lostB, rejectedC)))
          .containsExactly(true, false, true);

      assertThat(store.find(tenant, a.id())).contains(a.next(sentA.delivery()));
      assertThat(store.attempts(tenant, a.id())).containsExactly(sentA.attempt());
      assertThat(store.timeline(tenant, a.delivery().messageId())).last().isEqualTo(sentA.change());
      assertThat(store.findByProviderMessageId(tenant, "p-a")).contains(a.next(sentA.delivery()));

      assertThat(store.find(tenant, b.id())).contains(b.next(cancelB.delivery()));
      assertThat(store.attempts(tenant, b.id())).as("the loser's attempt").isEmpty();
      assertThat(store.find(tenant, bFallback.id())).as("the loser's follow-up").isEmpty();
      assertThat(store.timeline(tenant, b.delivery().messageId()))
          .extracting(StateChange::to)
          .containsExactly(DeliveryState.QUEUED, DeliveryState.SENDING, DeliveryState.CANCELLED);

      assertThat(store.find(tenant, c.id())).contains(c.next(rejectedC.delivery()));
      assertThat(store.attempts(tenant, c.id())).containsExactly(rejectedC.attempt());
      assertThat(store.find(tenant, cFallback.id())).contains(TestData.stored(cFallback));
      assertThat(store.timeline(tenant, c.delivery().messageId()))
          .extracting(StateChange::deliveryId, StateChange::to)
          .containsExactlyInAnyOrder(
              tuple(c.id(), DeliveryState.QUEUED),
              tuple(c.id(), DeliveryState.SENDING),
              tuple(c.id(), DeliveryState.FAILED),
              tuple(cFallback.id(), DeliveryState.QUEUED));
      assertThat(claim("w2", 10, at))
          .extracting(StoredDelivery::id)
          .containsExactly(cFallback.id());
    }

    @Test
    void an_update_by_a_worker_that_lost_the_lease_is_skipped_while_the_others_are_written() {
      List<StoredDelivery> claimed = claimThree();
      Instant at = T0.plusSeconds(1);
      DeliveryUpdate ours = move(claimed.get(0), DeliveryEvent.ACCEPTED, at, "w1");
      DeliveryUpdate notOurs = move(claimed.get(1), DeliveryEvent.ACCEPTED, at, "w2");
      DeliveryUpdate unguarded = move(claimed.get(2), DeliveryEvent.CANCEL, at, null);

      assertThat(store.updateAll(List.of(ours, notOurs, unguarded)))
          .containsExactly(true, false, true);

      assertThat(store.find(tenant, claimed.get(0).id()))
          .contains(claimed.get(0).next(ours.delivery()));
      assertThat(store.find(tenant, claimed.get(1).id())).contains(claimed.get(1));
      assertThat(store.find(tenant, claimed.get(2).id()))
          .contains(claimed.get(2).next(unguarded.delivery()));
    }

    @Test
    void a_mixed_batch_writes_exactly_its_winners_whichever_guard_each_loser_failed() {
      for (int i = 0; i < 5; i++) {
        enqueued(T0);
      }
      List<StoredDelivery> claimed = claim("w1", 5, T0);
      assertThat(claimed).hasSize(5);
      Instant at = T0.plusSeconds(1);
      StoredDelivery stale = claimed.get(0);
      DeliveryUpdate cancelStale = move(stale, DeliveryEvent.CANCEL, at, null);
      assertThat(store.update(cancelStale)).isTrue(); // its version moves on before the batch
      StoredDelivery unknown =
          TestData.stored(
              delivery(
                  store.message(tenant, stale.delivery().messageId()).orElseThrow(),
                  ChannelType.SMS,
                  Priority.NORMAL,
                  at));
      DeliveryUpdate lostOnVersion =
          attempt(stale, DeliveryEvent.ACCEPTED, Outcome.ACCEPTED, "p-0", at, "w1");
      DeliveryUpdate sent =
          attempt(claimed.get(1), DeliveryEvent.ACCEPTED, Outcome.ACCEPTED, "p-1", at, "w1");
      DeliveryUpdate lostOnLease = move(claimed.get(2), DeliveryEvent.ACCEPTED, at, "w2");
      DeliveryUpdate deferred = move(claimed.get(3), DeliveryEvent.DEFER, at, "w1");
      DeliveryUpdate neverStored = move(unknown, DeliveryEvent.CANCEL, at, null);
      DeliveryUpdate cancelled = move(claimed.get(4), DeliveryEvent.CANCEL, at, null);

      assertThat(
              store.updateAll(
                  List.of(lostOnVersion, sent, lostOnLease, deferred, neverStored, cancelled)))
          .containsExactly(false, true, false, true, false, true);

      assertThat(store.find(tenant, stale.id())).contains(stale.next(cancelStale.delivery()));
      assertThat(store.attempts(tenant, stale.id())).isEmpty();
      assertThat(store.findByProviderMessageId(tenant, "p-0")).isEmpty();
      assertThat(store.find(tenant, claimed.get(1).id()))
          .contains(claimed.get(1).next(sent.delivery()));
      assertThat(store.attempts(tenant, claimed.get(1).id())).containsExactly(sent.attempt());
      assertThat(store.find(tenant, claimed.get(2).id())).contains(claimed.get(2));
      assertThat(store.timeline(tenant, claimed.get(2).delivery().messageId()))
          .extracting(StateChange::to)
          .containsExactly(DeliveryState.QUEUED, DeliveryState.SENDING);
      assertThat(store.find(tenant, claimed.get(3).id()))
          .contains(claimed.get(3).next(deferred.delivery()));
      assertThat(store.find(tenant, unknown.id())).isEmpty();
      assertThat(store.find(tenant, claimed.get(4).id()))
          .contains(claimed.get(4).next(cancelled.delivery()));
      assertThat(claim("w2", 10, at))
          .extracting(StoredDelivery::id)
          .containsExactly(claimed.get(3).id());
    }

    @Test
    void updates_of_the_same_delivery_apply_in_list_order() {
      List<StoredDelivery> claimed = claimThree();
      StoredDelivery a = claimed.get(0);
      DeliveryUpdate deferred = move(a, DeliveryEvent.DEFER, T0.plusSeconds(1), "w1");
      StoredDelivery afterDeferral = a.next(deferred.delivery());
      DeliveryUpdate cancelled = move(afterDeferral, DeliveryEvent.CANCEL, T0.plusSeconds(2), null);
      DeliveryUpdate stale = move(a, DeliveryEvent.CANCEL, T0.plusSeconds(3), null);

      assertThat(store.updateAll(List.of(deferred, cancelled, stale)))
          .containsExactly(true, true, false);

      assertThat(store.find(tenant, a.id())).contains(afterDeferral.next(cancelled.delivery()));
      assertThat(store.timeline(tenant, a.delivery().messageId()))
          .extracting(StateChange::to)
          .containsExactly(
              DeliveryState.QUEUED,
              DeliveryState.SENDING,
              DeliveryState.QUEUED,
              DeliveryState.CANCELLED);
    }

    @Test
    void a_batch_that_cannot_be_written_writes_none_of_its_winners() {
      List<StoredDelivery> claimed = claimThree();
      StoredDelivery a = claimed.get(0);
      StoredDelivery b = claimed.get(1);
      Instant at = T0.plusSeconds(1);
      List<StateChange> timelineBefore = store.timeline(tenant, a.delivery().messageId());
      DeliveryUpdate sentA = attempt(a, DeliveryEvent.ACCEPTED, Outcome.ACCEPTED, "p-a", at, "w1");
      // b's follow-up reuses the id of a stored delivery: the whole batch must fail
      Delivery clash = delivery(messageOf(b), ChannelType.SMS, Priority.NORMAL, at);
      Delivery reused = clash.toBuilder().id(claimed.get(2).id()).build();
      DeliveryUpdate rejectedB =
          withFollowUps(
              attempt(b, DeliveryEvent.REJECTED, Outcome.PERMANENT, null, at, "w1"),
              List.of(reused));

      assertThatThrownBy(() -> store.updateAll(List.of(sentA, rejectedB)))
          .isInstanceOf(CommunicationException.class);

      assertThat(store.find(tenant, a.id())).contains(a);
      assertThat(store.attempts(tenant, a.id())).isEmpty();
      assertThat(store.timeline(tenant, a.delivery().messageId())).isEqualTo(timelineBefore);
      assertThat(store.findByProviderMessageId(tenant, "p-a")).isEmpty();
      assertThat(store.find(tenant, b.id())).contains(b);
      assertThat(store.attempts(tenant, b.id())).isEmpty();
      assertThat(store.updateAll(List.of(sentA)))
          .as("the batch's winners are still current after the failure")
          .containsExactly(true);
    }

    @Test
    void an_empty_list_writes_nothing_and_bad_lists_name_the_field() {
      assertThat(store.updateAll(List.of())).isEmpty();
      assertField(() -> store.updateAll(null), "updates");
      List<DeliveryUpdate> withNull = new ArrayList<>();
      withNull.add(null);
      assertField(() -> store.updateAll(withNull), "updates");
      List<DeliveryUpdate> tooMany = new ArrayList<>();
      enqueued(T0);
      DeliveryUpdate one = move(claimOne("w1", T0), DeliveryEvent.CANCEL, T0, null);
      for (int i = 0; i <= DeliveryStore.MAX_UPDATES_PER_CALL; i++) {
        tooMany.add(one);
      }
      assertField(() -> store.updateAll(tooMany), "updates");
      assertThat(found(one.delivery().id()).orElseThrow().state()).isEqualTo(DeliveryState.SENDING);
    }
  }

  @Nested
  @DisplayName("reads")
  class Reads {

    @Test
    void dead_letters_page_oldest_first_without_gaps_or_repeats() {
      List<DeliveryId> dead = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        enqueued(T0.plusSeconds(i));
      }
      NewMessage alive = enqueued(T0.plusSeconds(10));
      for (StoredDelivery d : claim("w1", 10, T0.plusSeconds(20))) {
        if (d.delivery().messageId().equals(alive.message().id())) {
          continue;
        }
        assertThat(
                store.update(
                    attempt(
                        d,
                        DeliveryEvent.EXHAUSTED,
                        Outcome.RETRYABLE,
                        null,
                        T0.plusSeconds(21),
                        "w1")))
            .isTrue();
        dead.add(d.id());
      }
      String other = TestData.tenant();

      List<DeliveryId> paged = new ArrayList<>();
      List<StoredDelivery> page = store.deadLetters(tenant, null, 2);
      while (!page.isEmpty()) {
        assertThat(page).hasSizeLessThanOrEqualTo(2);
        assertThat(page)
            .allSatisfy(
                d -> {
                  assertThat(d.delivery().state()).isEqualTo(DeliveryState.DEAD_LETTERED);
                  assertThat(d.lease()).isNull();
                });
        page.forEach(d -> paged.add(d.id()));
        page = store.deadLetters(tenant, page.get(page.size() - 1).id(), 2);
      }

      assertThat(paged).containsExactlyElementsOf(dead);
      assertThat(store.deadLetters(other, null, 10)).isEmpty();
    }

    @Test
    void a_replay_resets_the_take_overs_that_every_other_write_keeps() {
      for (int i = 0; i < 3; i++) {
        enqueued(T0.plusMillis(i));
      }
      claim("w1", 10, T0.plusSeconds(1));
      Instant afterLease = T0.plusSeconds(1).plus(LEASE).plusMillis(1);
      List<StoredDelivery> takenOver = claim("w2", 10, afterLease);
      assertThat(takenOver).hasSize(3).allSatisfy(d -> assertThat(d.takeovers()).isOne());
      List<DeliveryUpdate> exhausted =
          takenOver.stream().map(d -> move(d, DeliveryEvent.EXHAUSTED, afterLease, "w2")).toList();
      assertThat(store.updateAll(exhausted)).containsOnly(true);
      List<StoredDelivery> dead = store.deadLetters(tenant, null, 10);
      assertThat(dead).hasSize(3).allSatisfy(d -> assertThat(d.takeovers()).isOne());
      Instant replayedAt = afterLease.plusSeconds(1);

      // one replayed alone, two together
      assertThat(store.update(move(dead.get(0), DeliveryEvent.REPLAY, replayedAt, null))).isTrue();
      assertThat(
              store.updateAll(
                  dead.subList(1, 3).stream()
                      .map(d -> move(d, DeliveryEvent.REPLAY, replayedAt, null))
                      .toList()))
          .containsOnly(true);

      for (StoredDelivery d : dead) {
        assertThat(store.find(tenant, d.id()))
            .hasValueSatisfying(
                s -> {
                  assertThat(s.delivery().state()).isEqualTo(DeliveryState.QUEUED);
                  assertThat(s.takeovers()).isZero();
                  assertThat(s).isEqualTo(d.next(s.delivery()));
                });
      }
      assertThat(store.claim("w3", 10, replayedAt, LEASE))
          .hasSize(3)
          .allSatisfy(c -> assertThat(c.stored().takeovers()).isZero());
    }

    @Test
    void a_replayed_dead_letter_leaves_the_list() {
      enqueued(T0);
      enqueued(T0.plusSeconds(1));
      List<StoredDelivery> dead = new ArrayList<>();
      for (StoredDelivery d : claim("w1", 10, T0.plusSeconds(2))) {
        DeliveryUpdate exhausted =
            attempt(d, DeliveryEvent.EXHAUSTED, Outcome.RETRYABLE, null, T0.plusSeconds(3), "w1");
        assertThat(store.update(exhausted)).isTrue();
        dead.add(d.next(exhausted.delivery()));
      }
      assertThat(store.deadLetters(tenant, null, 10)).containsExactlyElementsOf(dead);

      assertThat(store.update(move(dead.get(0), DeliveryEvent.REPLAY, T0.plusSeconds(4), null)))
          .isTrue();

      assertThat(store.deadLetters(tenant, null, 10)).containsExactly(dead.get(1));
      assertThat(claim("w2", 10, T0.plusSeconds(4)))
          .extracting(StoredDelivery::id)
          .containsExactly(dead.get(0).id());
    }

    @Test
    void a_provider_message_id_finds_its_delivery() {
      enqueued(T0);
      enqueued(T0);
      List<StoredDelivery> claimed = claim("w1", 2, T0);
      store.update(
          attempt(claimed.get(0), DeliveryEvent.ACCEPTED, Outcome.ACCEPTED, "p-a", T0, "w1"));
      store.update(
          attempt(claimed.get(1), DeliveryEvent.ACCEPTED, Outcome.ACCEPTED, "p-b", T0, "w1"));

      assertThat(store.findByProviderMessageId(tenant, "p-b"))
          .get()
          .extracting(StoredDelivery::id)
          .isEqualTo(claimed.get(1).id());
      assertThat(store.findByProviderMessageId(tenant, "p-unknown")).isEmpty();
    }

    @Test
    void unknown_ids_read_as_empty() {
      DeliveryId nobody = new DeliveryId(UUID.randomUUID());
      MessageId nothing = new MessageId(UUID.randomUUID());
      assertThat(store.find(tenant, nobody)).isEmpty();
      assertThat(store.message(tenant, nothing)).isEmpty();
      assertThat(store.deliveries(tenant, nothing)).isEmpty();
      assertThat(store.timeline(tenant, nothing)).isEmpty();
      assertThat(store.attempts(tenant, nobody)).isEmpty();
      assertThat(store.deadLetters(tenant, null, 5)).isEmpty();
    }
  }

  @Nested
  @DisplayName("purge")
  class Purge {

    @Test
    void removes_only_old_finished_deliveries_in_batches_with_their_history() {
      List<NewMessage> finished = new ArrayList<>();
      for (int i = 0; i < 5; i++) {
        finished.add(enqueued(T0));
      }
      NewMessage recent = enqueued(T0);
      NewMessage pending = enqueued(T0.plus(Duration.ofDays(1)));
      Set<DeliveryId> recentIds = new HashSet<>();
      for (StoredDelivery d : claim("w1", 10, T0)) {
        boolean isRecent = d.delivery().messageId().equals(recent.message().id());
        Instant at = isRecent ? T0.plus(Duration.ofHours(2)) : T0.plusSeconds(1);
        assertThat(
                store.update(
                    attempt(d, DeliveryEvent.ACCEPTED, Outcome.ACCEPTED, "p-" + d.id(), at, "w1")))
            .isTrue();
        if (isRecent) {
          recentIds.add(d.id());
        }
      }
      Instant cutoff = T0.plus(Duration.ofHours(1));

      List<Integer> batches = new ArrayList<>();
      int removed;
      do {
        removed = store.purge(cutoff, 2);
        batches.add(removed);
      } while (removed == 2);

      assertThat(batches).containsExactly(2, 2, 1);
      for (NewMessage m : finished) {
        Delivery d = m.deliveries().get(0);
        assertThat(store.find(tenant, d.id())).isEmpty();
        assertThat(store.attempts(tenant, d.id())).isEmpty();
        assertThat(store.timeline(tenant, m.message().id())).isEmpty();
        assertThat(store.message(tenant, m.message().id()))
            .as("a message left with no deliveries")
            .isEmpty();
        assertThat(store.findByProviderMessageId(tenant, "p-" + d.id())).isEmpty();
      }
      assertThat(store.find(tenant, recentIds.iterator().next())).isPresent();
      assertThat(store.message(tenant, recent.message().id())).isPresent();
      assertThat(store.find(tenant, pending.deliveries().get(0).id())).isPresent();
      assertThat(store.purge(cutoff.plus(Duration.ofDays(30)), 10))
          .as("a queued delivery is never purged, however old the cutoff")
          .isEqualTo(1);
      assertThat(store.find(tenant, pending.deliveries().get(0).id())).isPresent();
    }

    @Test
    void a_purged_message_frees_its_idempotency_key() {
      store.enqueue(List.of(newMessage(tenant, "order-7-shipped", T0, T0)));
      StoredDelivery claimed = claimOne("w1", T0);
      assertThat(store.update(move(claimed, DeliveryEvent.CANCEL, T0, "w1"))).isTrue();
      assertThat(store.purge(T0, 10)).as("nothing finished before the cut-off").isZero();

      assertThat(store.purge(T0.plusSeconds(1), 10)).isEqualTo(1);

      NewMessage again = newMessage(tenant, "order-7-shipped", T0.plusSeconds(2), T0);
      EnqueueOutcome outcome = store.enqueue(List.of(again)).get(0);
      assertThat(outcome.duplicate()).isFalse();
      assertThat(outcome.messageId()).isEqualTo(again.message().id());
    }

    @Test
    void a_message_keeps_living_while_one_of_its_deliveries_is_not_finished() {
      Message m = message(tenant, null, T0);
      Delivery done = delivery(m, ChannelType.EMAIL, Priority.HIGH, T0);
      Delivery waiting = delivery(m, ChannelType.SMS, Priority.NORMAL, T0.plus(Duration.ofDays(2)));
      store.enqueue(List.of(new NewMessage(m, List.of(done, waiting))));
      StoredDelivery claimed = claimOne("w1", T0);
      store.update(move(claimed, DeliveryEvent.CANCEL, T0, "w1"));

      assertThat(store.purge(T0.plusSeconds(1), 10)).isEqualTo(1);

      assertThat(store.message(tenant, m.id())).contains(m);
      assertThat(store.deliveries(tenant, m.id())).containsExactly(TestData.stored(waiting));
      assertThat(store.timeline(tenant, m.id()))
          .extracting(StateChange::deliveryId)
          .containsOnly(waiting.id());
    }
  }

  @Nested
  @DisplayName("work signals")
  class WorkSignals {

    @Test
    void an_enqueue_calls_back_registered_listeners_until_they_unregister() throws Exception {
      assumeTrue(signalsWork(), "this store does not signal work");
      AtomicInteger calls = new AtomicInteger();
      AutoCloseable handle = store.onWorkAvailable(calls::incrementAndGet);

      enqueued(T0);
      await().atMost(Duration.ofSeconds(10)).until(() -> calls.get() >= 1);
      handle.close();
      int before = calls.get();
      enqueued(T0);

      assertThat(calls.get()).isEqualTo(before);
    }
  }

  @Nested
  @DisplayName("bad input")
  class BadInput {

    @Test
    void claim_arguments_are_checked_and_name_the_field() {
      enqueued(T0);
      assertField(() -> store.claim(" ", 1, T0, LEASE), "workerId");
      assertField(() -> store.claim(null, 1, T0, LEASE), "workerId");
      assertField(() -> store.claim("w1", 0, T0, LEASE), "limit");
      assertField(() -> store.claim("w1", 1, null, LEASE), "now");
      assertField(() -> store.claim("w1", 1, T0, Duration.ZERO), "lease");
      assertField(() -> store.claim("w1", 1, T0, Duration.ofSeconds(-1)), "lease");
      assertThat(store.claim("w1", 10, T0, LEASE))
          .as("nothing was claimed by the bad calls")
          .hasSize(1);
    }

    @Test
    void reads_check_tenant_ids_and_limits() {
      DeliveryId id = new DeliveryId(UUID.randomUUID());
      assertField(() -> store.find(" ", id), "tenantId");
      assertField(() -> store.find(null, id), "tenantId");
      assertField(() -> store.find(tenant, null), "id");
      assertField(() -> store.findByProviderMessageId(tenant, " "), "providerMessageId");
      assertField(() -> store.message("", new MessageId(UUID.randomUUID())), "tenantId");
      assertField(() -> store.timeline(tenant, null), "id");
      assertField(() -> store.deadLetters(tenant, null, 0), "limit");
      assertField(() -> store.purge(T0, 0), "batchSize");
      assertField(() -> store.purge(null, 10), "before");
    }
  }

  private static void assertField(ThrowingCallable call, String field) {
    assertThatThrownBy(call)
        .isInstanceOfSatisfying(
            InvalidRequestException.class, e -> assertThat(e.field()).isEqualTo(field))
        .hasMessageContaining(field);
  }
}
