package dev.communicable.memory;

import dev.communicable.Arguments;
import dev.communicable.MessageId;
import dev.communicable.Priority;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryAttempt;
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
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery queue in memory. One lock guards every structure, so each method is atomic exactly
 * as a database transaction would be; indexes keep claim and purge proportional to the work done,
 * not to the size of the store.
 *
 * <p>It holds everything it is given until {@link #purge} removes finished deliveries: purging is
 * the bound on its memory.
 */
final class InMemoryDeliveryStore implements DeliveryStore {
  private static final Logger log = LoggerFactory.getLogger(InMemoryDeliveryStore.class);

  /** Orders keys within one priority band: due first, then by id for a total order. */
  private static final Comparator<TimeKey> BY_TIME =
      Comparator.comparing(TimeKey::at).thenComparing(k -> k.id().value());

  private record TimeKey(Instant at, DeliveryId id) {}

  private record TenantKey(String tenantId, String key) {}

  private final Object lock = new Object();
  private final Map<DeliveryId, StoredDelivery> deliveries = new HashMap<>();
  private final Map<MessageId, Message> messages = new HashMap<>();
  private final Map<MessageId, List<DeliveryId>> deliveriesByMessage = new HashMap<>();
  private final Map<MessageId, List<StateChange>> timelines = new HashMap<>();
  private final Map<DeliveryId, List<DeliveryAttempt>> attempts = new HashMap<>();
  private final Map<TenantKey, EnqueueOutcome> idempotency = new HashMap<>();
  private final Map<TenantKey, DeliveryId> byProviderMessageId = new HashMap<>();

  /** QUEUED deliveries per priority (indexed by ordinal), by scheduled time. */
  private final List<NavigableSet<TimeKey>> queued = new ArrayList<>();

  /** SENDING deliveries by lease end. */
  private final NavigableSet<TimeKey> leased = new TreeSet<>(BY_TIME);

  /** Terminal deliveries by last change, for purge. */
  private final NavigableSet<TimeKey> finished = new TreeSet<>(BY_TIME);

  /** Dead letters of each tenant by creation time. */
  private final Map<String, NavigableSet<TimeKey>> deadLetters = new HashMap<>();

  private final List<Runnable> workListeners = new CopyOnWriteArrayList<>();

  InMemoryDeliveryStore() {
    for (int i = 0; i < Priority.values().length; i++) {
      queued.add(new TreeSet<>(BY_TIME));
    }
  }

  @Override
  public List<EnqueueOutcome> enqueue(List<NewMessage> newMessages) {
    Arguments.notNull("messages", newMessages);
    List<EnqueueOutcome> outcomes = new ArrayList<>(newMessages.size());
    boolean wrote = false;
    synchronized (lock) {
      validateEnqueue(newMessages);
      for (NewMessage m : newMessages) {
        Message message = m.message();
        TenantKey key =
            message.idempotencyKey() == null
                ? null
                : new TenantKey(message.tenantId(), message.idempotencyKey());
        EnqueueOutcome earlier = key == null ? null : idempotency.get(key);
        if (earlier != null) {
          Message first = messages.get(earlier.messageId());
          outcomes.add(
              EnqueueOutcome.duplicateOf(
                  earlier, first == null ? null : first.contentDigest(), message.contentDigest()));
          continue;
        }
        List<DeliveryId> ids = new ArrayList<>(m.deliveries().size());
        messages.put(message.id(), message);
        deliveriesByMessage.put(message.id(), new ArrayList<>());
        timelines.put(message.id(), new ArrayList<>());
        for (Delivery d : m.deliveries()) {
          insert(StoredDelivery.created(d), message.createdAt(), null);
          ids.add(d.id());
        }
        EnqueueOutcome outcome = new EnqueueOutcome(message.id(), ids, false);
        if (key != null) {
          idempotency.put(key, outcome);
        }
        outcomes.add(outcome);
        wrote = true;
      }
    }
    if (wrote) {
      signalWork();
    }
    return outcomes;
  }

  /** Checks the whole batch before anything is written, so a bad one writes nothing. */
  private void validateEnqueue(List<NewMessage> newMessages) {
    Set<MessageId> messageIds = new HashSet<>();
    Set<DeliveryId> deliveryIds = new HashSet<>();
    for (int i = 0; i < newMessages.size(); i++) {
      String field = "messages[" + i + "]";
      NewMessage m = Arguments.notNull(field, newMessages.get(i));
      Message message = m.message();
      Arguments.notBlank(field + ".message.tenantId", message.tenantId());
      boolean duplicate =
          message.idempotencyKey() != null
              && idempotency.containsKey(
                  new TenantKey(message.tenantId(), message.idempotencyKey()));
      if (duplicate) {
        continue;
      }
      Arguments.check(
          !messages.containsKey(message.id()) && messageIds.add(message.id()),
          field + ".message.id",
          "a message with id " + message.id() + " is already stored");
      for (int j = 0; j < m.deliveries().size(); j++) {
        Delivery d = m.deliveries().get(j);
        String dfield = field + ".deliveries[" + j + "]";
        Arguments.check(
            d.messageId().equals(message.id()) && d.tenantId().equals(message.tenantId()),
            dfield,
            "belongs to message " + d.messageId() + " of tenant " + d.tenantId());
        Arguments.check(
            !deliveries.containsKey(d.id()) && deliveryIds.add(d.id()),
            dfield + ".id",
            "a delivery with id " + d.id() + " is already stored");
      }
    }
  }

  @Override
  public List<ClaimedDelivery> claim(String workerId, int limit, Instant now, Duration lease) {
    Arguments.notBlank("workerId", workerId);
    Arguments.positive("limit", limit);
    Arguments.notNull("now", now);
    Arguments.positive("lease", lease);
    Instant leaseUntil = now.plus(lease);
    synchronized (lock) {
      List<StoredDelivery> candidates = new ArrayList<>();
      for (int p = queued.size() - 1; p >= 0; p--) {
        for (TimeKey k : queued.get(p)) {
          if (k.at().isAfter(now) || candidates.size() >= limit) {
            break;
          }
          candidates.add(deliveries.get(k.id()));
        }
      }
      // Every expired lease competes on priority and the time it was due, keeping its place in the
      // queue; there are few unless workers crashed.
      for (TimeKey k : leased) {
        if (!k.at().isBefore(now)) {
          break;
        }
        candidates.add(deliveries.get(k.id()));
      }
      candidates.sort(
          Comparator.comparing((StoredDelivery s) -> s.delivery().priority().ordinal())
              .reversed()
              .thenComparing(s -> s.delivery().scheduledAt())
              .thenComparing(s -> s.id().value()));
      List<ClaimedDelivery> claimed = new ArrayList<>(Math.min(limit, candidates.size()));
      for (StoredDelivery before : candidates) {
        if (claimed.size() == limit) {
          break;
        }
        Delivery moved = before.delivery().apply(DeliveryEvent.CLAIM, now);
        StoredDelivery after = before.claimedBy(moved, new Lease(workerId, leaseUntil));
        String previous = null;
        if (before.delivery().state() == DeliveryState.SENDING) {
          Lease lost = before.lease();
          previous = lost == null ? "an unknown worker" : lost.owner();
        }
        String detail =
            previous != null
                ? "lease of " + previous + " expired; claimed by " + workerId
                : "claimed by " + workerId;
        replace(before, after, StateChange.between(before.delivery(), moved, detail));
        claimed.add(new ClaimedDelivery(after, previous));
      }
      return claimed;
    }
  }

  @Override
  public boolean update(DeliveryUpdate update) {
    Arguments.notNull("update", update);
    return updateAll(List.of(update)).get(0);
  }

  /** The whole batch under the lock: the winners are written together, as in one transaction. */
  @Override
  public List<Boolean> updateAll(List<DeliveryUpdate> updates) {
    List<DeliveryUpdate> batch = Arguments.noNulls("updates", updates, MAX_UPDATES_PER_CALL);
    List<Boolean> written = new ArrayList<>(batch.size());
    boolean wake = false;
    synchronized (lock) {
      // Every check that can throw comes first, so a bad update leaves the whole batch unwritten.
      Set<DeliveryId> newIds = new HashSet<>();
      for (DeliveryUpdate update : batch) {
        check(update, newIds);
      }
      for (DeliveryUpdate update : batch) {
        Delivery next = update.delivery();
        StoredDelivery current = deliveries.get(next.id());
        String leaseOwner = update.leaseOwner();
        if (current == null
            || !current.delivery().tenantId().equals(next.tenantId())
            || current.version() != update.expectedVersion()
            || (leaseOwner != null && !current.leasedTo(leaseOwner))) {
          written.add(false);
          continue;
        }
        replace(current, current.next(next), update.change());
        DeliveryAttempt attempt = update.attempt();
        if (attempt != null) {
          attempts.computeIfAbsent(next.id(), id -> new ArrayList<>()).add(attempt);
        }
        for (Delivery f : update.followUps()) {
          insert(StoredDelivery.created(f), f.createdAt(), "follow-up of " + next.id());
        }
        wake |=
            !update.followUps().isEmpty()
                || (next.state() == DeliveryState.QUEUED
                    && !next.scheduledAt().isAfter(next.updatedAt()));
        written.add(true);
      }
    }
    if (wake) {
      signalWork();
    }
    return written;
  }

  /** Checks what an update says about itself and its follow-ups; not its guard. */
  private void check(DeliveryUpdate update, Set<DeliveryId> newIds) {
    Delivery next = update.delivery();
    StoredDelivery stored = deliveries.get(next.id());
    Delivery current = stored == null ? null : stored.delivery();
    if (current != null && current.tenantId().equals(next.tenantId())) {
      Arguments.check(
          current.messageId().equals(next.messageId()),
          "update.delivery.messageId",
          "must stay " + current.messageId() + ", was " + next.messageId());
    }
    Arguments.check(
        update.change().deliveryId().equals(next.id()),
        "update.change.deliveryId",
        "must be the updated delivery " + next.id() + ", was " + update.change().deliveryId());
    DeliveryAttempt attempt = update.attempt();
    if (attempt != null) {
      Arguments.check(
          attempt.deliveryId().equals(next.id()),
          "update.attempt.deliveryId",
          "must be the updated delivery " + next.id() + ", was " + attempt.deliveryId());
    }
    for (int i = 0; i < update.followUps().size(); i++) {
      Delivery f = update.followUps().get(i);
      String field = "update.followUps[" + i + "]";
      Arguments.check(
          f.tenantId().equals(next.tenantId()) && messages.containsKey(f.messageId()),
          field,
          "must belong to a stored message of tenant " + next.tenantId());
      Arguments.check(
          !deliveries.containsKey(f.id()) && newIds.add(f.id()),
          field + ".id",
          "a delivery with id " + f.id() + " is already stored");
    }
  }

  @Override
  public Optional<StoredDelivery> find(String tenantId, DeliveryId id) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notNull("id", id);
    synchronized (lock) {
      return Optional.ofNullable(deliveries.get(id))
          .filter(d -> d.delivery().tenantId().equals(tenantId));
    }
  }

  @Override
  public Optional<StoredDelivery> findByProviderMessageId(
      String tenantId, String providerMessageId) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notBlank("providerMessageId", providerMessageId);
    synchronized (lock) {
      DeliveryId id = byProviderMessageId.get(new TenantKey(tenantId, providerMessageId));
      return Optional.ofNullable(id == null ? null : deliveries.get(id));
    }
  }

  @Override
  public Optional<Message> message(String tenantId, MessageId id) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notNull("id", id);
    synchronized (lock) {
      return Optional.ofNullable(messages.get(id)).filter(m -> m.tenantId().equals(tenantId));
    }
  }

  @Override
  public List<StoredDelivery> deliveries(String tenantId, MessageId id) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notNull("id", id);
    synchronized (lock) {
      Message message = messages.get(id);
      if (message == null || !message.tenantId().equals(tenantId)) {
        return List.of();
      }
      return deliveriesByMessage.get(id).stream().map(deliveries::get).toList();
    }
  }

  @Override
  public List<StateChange> timeline(String tenantId, MessageId id) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notNull("id", id);
    synchronized (lock) {
      Message message = messages.get(id);
      if (message == null || !message.tenantId().equals(tenantId)) {
        return List.of();
      }
      List<StateChange> changes = new ArrayList<>(timelines.get(id));
      changes.sort(Comparator.comparing(StateChange::at)); // stable: ties keep write order
      return List.copyOf(changes);
    }
  }

  @Override
  public List<DeliveryAttempt> attempts(String tenantId, DeliveryId id) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.notNull("id", id);
    synchronized (lock) {
      StoredDelivery d = deliveries.get(id);
      if (d == null || !d.delivery().tenantId().equals(tenantId)) {
        return List.of();
      }
      return List.copyOf(attempts.getOrDefault(id, List.of()));
    }
  }

  @Override
  public List<StoredDelivery> deadLetters(String tenantId, @Nullable DeliveryId after, int limit) {
    Arguments.notBlank("tenantId", tenantId);
    Arguments.positive("limit", limit);
    synchronized (lock) {
      NavigableSet<TimeKey> all = deadLetters.getOrDefault(tenantId, new TreeSet<>(BY_TIME));
      NavigableSet<TimeKey> page = all;
      if (after != null) {
        StoredDelivery cursor = deliveries.get(after);
        Arguments.check(
            cursor != null && cursor.delivery().tenantId().equals(tenantId),
            "after",
            "no delivery " + after + " in tenant " + tenantId);
        page = all.tailSet(new TimeKey(cursor.delivery().createdAt(), after), false);
      }
      List<StoredDelivery> result = new ArrayList<>(Math.min(limit, page.size()));
      for (TimeKey k : page) {
        if (result.size() == limit) {
          break;
        }
        result.add(deliveries.get(k.id()));
      }
      return result;
    }
  }

  @Override
  public int purge(Instant before, int batchSize) {
    Arguments.notNull("before", before);
    Arguments.positive("batchSize", batchSize);
    synchronized (lock) {
      int removed = 0;
      Iterator<TimeKey> it = finished.iterator();
      while (it.hasNext() && removed < batchSize) {
        TimeKey k = it.next();
        if (!k.at().isBefore(before)) {
          break;
        }
        it.remove();
        remove(deliveries.get(k.id()));
        removed++;
      }
      return removed;
    }
  }

  @Override
  public AutoCloseable onWorkAvailable(Runnable callback) {
    Arguments.notNull("callback", callback);
    // A wrapper makes each registration distinct, so closing one never removes another.
    Runnable registration = callback::run;
    workListeners.add(registration);
    return () -> workListeners.remove(registration);
  }

  /** How many deliveries are stored; for tests of purge and memory. */
  int size() {
    synchronized (lock) {
      return deliveries.size();
    }
  }

  private void signalWork() {
    for (Runnable listener : workListeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        log.warn("a work-available callback failed", e);
      }
    }
  }

  // --- index maintenance; callers hold the lock ---

  private void insert(StoredDelivery stored, Instant at, @Nullable String detail) {
    Delivery d = stored.delivery();
    deliveries.put(d.id(), stored);
    deliveriesByMessage.get(d.messageId()).add(d.id());
    index(stored);
    timelines
        .get(d.messageId())
        .add(
            new StateChange(
                d.tenantId(), d.messageId(), d.id(), d.channel(), null, d.state(), at, detail));
  }

  private void replace(StoredDelivery before, StoredDelivery after, StateChange change) {
    unindex(before);
    deliveries.put(after.id(), after);
    index(after);
    timelines.get(after.delivery().messageId()).add(change);
  }

  private void remove(StoredDelivery stored) {
    unindex(stored);
    Delivery d = stored.delivery();
    deliveries.remove(d.id());
    attempts.remove(d.id());
    List<DeliveryId> siblings = deliveriesByMessage.get(d.messageId());
    siblings.remove(d.id());
    List<StateChange> timeline = timelines.get(d.messageId());
    timeline.removeIf(c -> c.deliveryId().equals(d.id()));
    if (siblings.isEmpty()) {
      Message m = messages.remove(d.messageId());
      deliveriesByMessage.remove(d.messageId());
      timelines.remove(d.messageId());
      if (m.idempotencyKey() != null) {
        idempotency.remove(new TenantKey(m.tenantId(), m.idempotencyKey()));
      }
    }
  }

  private void index(StoredDelivery stored) {
    Delivery d = stored.delivery();
    switch (d.state()) {
      case QUEUED -> queued.get(d.priority().ordinal()).add(new TimeKey(d.scheduledAt(), d.id()));
      case SENDING -> leased.add(new TimeKey(leaseEnd(stored), d.id()));
      default -> finished.add(new TimeKey(d.updatedAt(), d.id()));
    }
    if (d.state() == DeliveryState.DEAD_LETTERED) {
      deadLetters
          .computeIfAbsent(d.tenantId(), t -> new TreeSet<>(BY_TIME))
          .add(new TimeKey(d.createdAt(), d.id()));
    }
    if (d.providerMessageId() != null) {
      byProviderMessageId.put(new TenantKey(d.tenantId(), d.providerMessageId()), d.id());
    }
  }

  private void unindex(StoredDelivery stored) {
    Delivery d = stored.delivery();
    switch (d.state()) {
      case QUEUED ->
          queued.get(d.priority().ordinal()).remove(new TimeKey(d.scheduledAt(), d.id()));
      case SENDING -> leased.remove(new TimeKey(leaseEnd(stored), d.id()));
      default -> finished.remove(new TimeKey(d.updatedAt(), d.id()));
    }
    if (d.state() == DeliveryState.DEAD_LETTERED) {
      NavigableSet<TimeKey> letters = deadLetters.get(d.tenantId());
      letters.remove(new TimeKey(d.createdAt(), d.id()));
      if (letters.isEmpty()) {
        deadLetters.remove(d.tenantId());
      }
    }
    if (d.providerMessageId() != null) {
      byProviderMessageId.remove(
          new TenantKey(d.tenantId(), d.providerMessageId()), d.id()); // only if still ours
    }
  }

  /** A SENDING delivery written without a lease can be taken over at once. */
  private static Instant leaseEnd(StoredDelivery d) {
    Lease lease = d.lease();
    return lease == null ? Instant.MIN : lease.until();
  }
}
