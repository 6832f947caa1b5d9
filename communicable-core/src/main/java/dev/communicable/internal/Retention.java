package dev.communicable.internal;

import dev.communicable.spi.CampaignStore;
import dev.communicable.spi.DeliveryStore;
import dev.communicable.spi.WorkflowRunStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the stores from growing without end, at most once per sweep interval of the engine's clock,
 * in bounded batches: purges finished deliveries and finished workflow runs (with their steps and
 * stale digests) last changed before the retention, and trigger keys whose idempotency window has
 * ended; and settles finished campaigns, freezing their final counts (so that they outlive the
 * purged deliveries) and deleting their page and message records. Whoever calls {@link
 * #sweepIfDue()} first after the interval does the sweep; others return at once. Each kind is swept
 * on its own: one failing does not keep the others from their sweep.
 */
final class Retention {
  private static final Logger log = LoggerFactory.getLogger(Retention.class);
  private static final int BATCH = 500;
  private static final int MAX_BATCHES_PER_SWEEP = 100;

  /** Campaigns one settle call visits (each may delete many page and message records). */
  private static final int CAMPAIGN_BATCH = 20;

  private static final Duration MAX_INTERVAL = Duration.ofHours(1);

  /** One bounded batch of one kind of purge. */
  private interface Batch {
    int purge(int limit);
  }

  private final DeliveryStore deliveries;
  private final WorkflowRunStore runs;
  private final CampaignStore campaigns;
  private final Clock clock;
  private final Duration retention;
  private final Duration interval;
  private final AtomicReference<Instant> nextSweep;

  Retention(
      DeliveryStore deliveries,
      WorkflowRunStore runs,
      CampaignStore campaigns,
      Clock clock,
      Duration retention) {
    this.deliveries = deliveries;
    this.runs = runs;
    this.campaigns = campaigns;
    this.clock = clock;
    this.retention = retention;
    this.interval = retention.compareTo(MAX_INTERVAL) < 0 ? retention : MAX_INTERVAL;
    this.nextSweep = new AtomicReference<>(clock.instant().plus(interval));
  }

  /** Sweeps when the interval has passed; returns how many rows were purged, all kinds together. */
  int sweepIfDue() {
    Instant now = clock.instant();
    Instant due = nextSweep.get();
    if (now.isBefore(due) || !nextSweep.compareAndSet(due, now.plus(interval))) {
      return 0;
    }
    Instant before = now.minus(retention);
    // Campaigns first: a finished campaign's counts are frozen before its deliveries can go.
    return sweep(
            "finished campaigns' page records, their counts frozen",
            CAMPAIGN_BATCH,
            limit -> campaigns.settle(now, limit))
        + sweep(
            "deliveries finished before " + before, BATCH, limit -> deliveries.purge(before, limit))
        + sweep(
            "workflow runs and digests finished before " + before,
            BATCH,
            limit -> runs.purge(before, limit))
        + sweep(
            "workflow trigger keys expired by " + now,
            BATCH,
            limit -> runs.purgeExpiredTriggers(now, limit));
  }

  private static int sweep(String what, int size, Batch batch) {
    int purged = 0;
    try {
      for (int i = 0; i < MAX_BATCHES_PER_SWEEP; i++) {
        int removed = batch.purge(size);
        purged += removed;
        if (removed < size) {
          break;
        }
      }
    } catch (RuntimeException e) {
      log.warn("Purging {} failed; will try again", what, e);
    }
    if (purged > 0) {
      log.info("Purged {} {}", purged, what);
    }
    return purged;
  }
}
