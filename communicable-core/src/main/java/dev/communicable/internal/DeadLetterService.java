package dev.communicable.internal;

import dev.communicable.Arguments;
import dev.communicable.NotFoundException;
import dev.communicable.StoreException;
import dev.communicable.delivery.DeadLetters;
import dev.communicable.delivery.Delivery;
import dev.communicable.delivery.DeliveryEvent;
import dev.communicable.delivery.DeliveryId;
import dev.communicable.delivery.DeliveryState;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.StoredDelivery;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The dead-letter queue: lists deliveries whose attempts were spent and queues them again with a
 * fresh set of attempts (and a fresh expiry under the topic's policy), due at once. A replayed
 * delivery has no fallbacks left: its chain was followed when it was dead-lettered, so failing
 * again does not send the fallback a second time.
 */
final class DeadLetterService implements DeadLetters {
  private static final int PAGE = 100;
  private static final int MAX_TRIES = 5;

  private final DeliveryStore store;
  private final DeliveryRecorder recorder;
  private final Policies policies;
  private final Clock clock;
  private final Runnable wake;

  DeadLetterService(
      DeliveryStore store,
      DeliveryRecorder recorder,
      Policies policies,
      Clock clock,
      Runnable wake) {
    this.store = store;
    this.recorder = recorder;
    this.policies = policies;
    this.clock = clock;
    this.wake = wake;
  }

  @Override
  public List<Delivery> list(String tenantId, @Nullable DeliveryId after, int limit) {
    Checks.id("tenantId", tenantId);
    Arguments.between("limit", limit, 1, DeadLetters.MAX_LIMIT);
    return store.deadLetters(tenantId, after, limit).stream()
        .map(StoredDelivery::delivery)
        .toList();
  }

  @Override
  public Delivery replay(String tenantId, DeliveryId id) {
    Checks.id("tenantId", tenantId);
    Arguments.notNull("deliveryId", id);
    for (int i = 0; i < MAX_TRIES; i++) {
      StoredDelivery current =
          store
              .find(tenantId, id)
              .orElseThrow(() -> new NotFoundException(tenantId, "delivery", id.toString()));
      Delivery replayed = fresh(current.delivery().apply(DeliveryEvent.REPLAY, clock.instant()));
      if (recorder.write(
          current,
          replayed,
          null,
          null,
          "replayed from the dead-letter queue after "
              + current.delivery().attempts()
              + " attempts",
          List.of())) {
        wake.run();
        return replayed;
      }
    }
    throw new StoreException(
        "dead letter " + id + " of tenant '" + tenantId + "' kept changing; not replayed",
        true,
        null);
  }

  @Override
  public int replayAll(String tenantId) {
    Checks.id("tenantId", tenantId);
    int replayed = 0;
    DeliveryId after = null;
    while (true) {
      List<StoredDelivery> page = store.deadLetters(tenantId, after, PAGE);
      for (StoredDelivery d : page) {
        if (d.delivery().state() == DeliveryState.DEAD_LETTERED) {
          try {
            replay(tenantId, d.id());
            replayed++;
          } catch (dev.communicable.delivery.IllegalTransitionException e) {
            // replayed or otherwise moved since the page was read
          }
        }
      }
      if (page.size() < PAGE) {
        return replayed;
      }
      after = page.get(page.size() - 1).id();
    }
  }

  /** {@code queued} with its attempt count reset, due now, and a fresh expiry. */
  private Delivery fresh(Delivery queued) {
    Instant now = queued.updatedAt();
    Instant expiresAt = policies.forTopic(queued.topic()).expireAfter().map(now::plus).orElse(null);
    return queued.toBuilder()
        .attempts(0)
        .scheduledAt(now)
        .expiresAt(expiresAt)
        .updatedAt(now)
        .fallbacks(List.of()) // its fallback chain was followed when it was dead-lettered
        .build();
  }
}
